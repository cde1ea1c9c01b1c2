-- Mean pillar score per province in one year (aggregate level, published), same units as province_summary.
SELECT code, pillar_code, mean, n
FROM agg_province_pillar
WHERE year = $year AND $scope_aggregates
  AND n >= $scope_min_units  -- the public's small-cell minimum (0 for everyone signed in)
ORDER BY code, pillar_code
