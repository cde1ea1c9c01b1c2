-- Number of department-level units on each maturity level per ministry in one year (aggregate level, published).
SELECT ministry_code, maturity, n
FROM agg_ministry_maturity
WHERE year = $year AND $scope_aggregates
ORDER BY ministry_code, maturity
