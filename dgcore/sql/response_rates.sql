-- Targets (less withdrawn units), responses and rate per group for one year (aggregate level, published).
SELECT g.kind, g.targeted, g.responded, g.withdrawn
FROM agg_participation g
JOIN agency_kinds k ON k.kind = g.kind
WHERE g.year = $year AND $scope_aggregates
ORDER BY k.sort
