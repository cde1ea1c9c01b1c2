-- Peer (one kind) and national mean of every pillar in one year (aggregate level).
SELECT s.pillar_code,
       avg(s.score) FILTER (WHERE o.kind = $kind) AS peer_mean,
       avg(s.score) AS national_mean
FROM pillar_scores s
JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
WHERE s.year = $year AND $scope_aggregates
GROUP BY s.pillar_code
ORDER BY s.pillar_code
