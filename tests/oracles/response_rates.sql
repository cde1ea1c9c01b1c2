-- Targets (less withdrawn units), responses and rate per group for one year (aggregate level).
SELECT p.kind,
       count(*) FILTER (WHERE p.status <> 'withdrawn') AS targeted,
       count(*) FILTER (WHERE p.status = 'responded') AS responded,
       count(*) FILTER (WHERE p.status = 'withdrawn') AS withdrawn
FROM participation p
JOIN agency_kinds k ON k.kind = p.kind
WHERE p.year = $year AND $scope_aggregates
GROUP BY p.kind, k.sort
ORDER BY k.sort
