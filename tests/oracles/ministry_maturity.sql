-- Number of department-level units on each maturity level per ministry in one year (aggregate level).
SELECT a.ministry_code, o.maturity, count(*) AS n
FROM overall_scores o
JOIN agencies a ON a.agency_id = o.agency_id
WHERE o.year = $year AND o.kind = 'department' AND $scope_aggregates
GROUP BY a.ministry_code, o.maturity
ORDER BY a.ministry_code, o.maturity
