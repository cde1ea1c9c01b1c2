-- Mean overall score and number of responding units per group and year (aggregate level).
SELECT o.year, o.kind, avg(o.overall) AS mean, count(*) AS n, stddev_samp(o.overall) AS sd
FROM overall_scores o
JOIN agency_kinds k ON k.kind = o.kind
WHERE $scope_aggregates
GROUP BY o.year, o.kind, k.sort
ORDER BY o.year, k.sort
