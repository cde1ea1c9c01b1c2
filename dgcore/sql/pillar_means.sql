-- Mean pillar score per group for one year (aggregate level, published).
SELECT kind, pillar_code, mean, n
FROM agg_pillar
WHERE year = $year AND NOT national AND $scope_aggregates
  AND n >= $scope_min_units  -- the public's small-cell minimum (0 for everyone signed in)
ORDER BY kind, pillar_code
