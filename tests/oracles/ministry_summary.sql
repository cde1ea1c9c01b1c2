-- Per ministry (aggregate level): department-level units' count, mean, spread and quartiles in one year.
SELECT m.ministry_code, m.name_th, m.name_en, m.short_en,
       count(o.agency_id) AS n, avg(o.overall) AS mean, stddev_samp(o.overall) AS sd,
       min(o.overall) AS lo, quantile_cont(o.overall, 0.25) AS q1, median(o.overall) AS med,
       quantile_cont(o.overall, 0.75) AS q3, max(o.overall) AS hi
FROM overall_scores o
JOIN agencies a ON a.agency_id = o.agency_id
JOIN ministries m ON m.ministry_code = a.ministry_code
WHERE o.year = $year AND o.kind = 'department' AND $scope_aggregates
GROUP BY m.ministry_code, m.name_th, m.name_en, m.short_en
ORDER BY mean DESC
