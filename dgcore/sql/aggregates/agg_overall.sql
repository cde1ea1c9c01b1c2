-- Publish-time aggregate: mean, spread and count of the overall score per year and group, and per year
-- nationally (national = true, kind NULL). Read only through statements that bind $scope_aggregates.
SELECT year, kind, grouping(kind) = 1 AS national, count(*) AS n, avg(overall) AS mean,
       stddev_samp(overall) AS sd
FROM overall_scores
GROUP BY GROUPING SETS ((year, kind), (year))
