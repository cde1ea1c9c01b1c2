-- Publish-time aggregate: per year and ministry, department-level units' count, mean, spread and quartiles.
SELECT o.year, a.ministry_code,
       count(o.agency_id) AS n, avg(o.overall) AS mean, stddev_samp(o.overall) AS sd,
       min(o.overall) AS lo, quantile_cont(o.overall, 0.25) AS q1, median(o.overall) AS med,
       quantile_cont(o.overall, 0.75) AS q3, max(o.overall) AS hi
FROM overall_scores o
JOIN agencies a ON a.agency_id = o.agency_id
WHERE o.kind = 'department'
GROUP BY o.year, a.ministry_code
