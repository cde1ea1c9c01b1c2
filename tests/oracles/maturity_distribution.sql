-- Number of responding units on each maturity level per group for one year (aggregate level).
SELECT o.kind, o.maturity, count(*) AS n
FROM overall_scores o
WHERE o.year = $year AND $scope_aggregates
GROUP BY o.kind, o.maturity
ORDER BY o.kind, o.maturity
