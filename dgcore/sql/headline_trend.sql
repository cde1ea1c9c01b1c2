-- Mean overall score and number of responding units per group and year (aggregate level, published).
SELECT g.year, g.kind, g.mean, g.n, g.sd
FROM agg_overall g
JOIN agency_kinds k ON k.kind = g.kind
WHERE NOT g.national AND $scope_aggregates
  AND g.n >= $scope_min_units  -- the public's small-cell minimum (0 for everyone signed in)
ORDER BY g.year, k.sort
