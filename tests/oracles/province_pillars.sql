-- Mean pillar score per province in one year (aggregate level), same units as province_summary.
SELECT a.province_code AS code, s.pillar_code, avg(s.score) AS mean, count(*) AS n
FROM pillar_scores s
JOIN agencies a ON a.agency_id = s.agency_id
WHERE s.year = $year AND a.kind IN ('provincial', 'cio_committee') AND $scope_aggregates
GROUP BY a.province_code, s.pillar_code
ORDER BY a.province_code, s.pillar_code
