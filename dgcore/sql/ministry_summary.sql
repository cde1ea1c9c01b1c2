-- Per ministry (aggregate level, published): department-level units' count, mean, spread and quartiles in one year.
SELECT m.ministry_code, m.name_th, m.name_en, m.short_en, g.n, g.mean, g.sd, g.lo, g.q1, g.med, g.q3, g.hi
FROM agg_ministry g
JOIN ministries m ON m.ministry_code = g.ministry_code
WHERE g.year = $year AND $scope_aggregates
ORDER BY g.mean DESC
