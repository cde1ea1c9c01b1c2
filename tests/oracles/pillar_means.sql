-- Mean pillar score per group for one year (aggregate level).
SELECT o.kind, p.pillar_code, avg(p.score) AS mean, count(*) AS n
FROM pillar_scores p
JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
WHERE p.year = $year AND $scope_aggregates
GROUP BY o.kind, p.pillar_code
ORDER BY o.kind, p.pillar_code
