-- Number of responding units on each maturity level per group for one year (aggregate level, published).
SELECT kind, maturity, n
FROM agg_maturity
WHERE year = $year AND $scope_aggregates
-- the public's small-cell minimum on the group's responding units (0 for everyone signed in)
QUALIFY sum(n) OVER (PARTITION BY kind) >= $scope_min_units
ORDER BY kind, maturity
