-- Number of responding units on each maturity level per group for one year (aggregate level, published).
SELECT kind, maturity, n
FROM agg_maturity
WHERE year = $year AND $scope_aggregates
ORDER BY kind, maturity
