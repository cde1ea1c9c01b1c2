-- Publish-time aggregate: mean, spread and count of each sub-indicator per year and group, and per year
-- nationally (national = true, kind NULL).
SELECT s.year, o.kind, grouping(o.kind) = 1 AS national, s.sub_code, count(*) AS n, avg(s.score) AS mean,
       stddev_samp(s.score) AS sd
FROM sub_scores s
JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
GROUP BY GROUPING SETS ((s.year, o.kind, s.sub_code), (s.year, s.sub_code))
