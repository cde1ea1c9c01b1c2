-- Per province (aggregate level, published): targets, responses, mean overall this year and the previous published one, over the
-- units located there that represent the province (provincial units; the provincial CIO committee from 2566).
WITH prev AS (SELECT coalesce(max(year), $year - 1) AS y FROM years WHERE year < $year),  -- previous published year
now_kinds AS (SELECT DISTINCT kind FROM agg_province WHERE year = $year)
SELECT pr.code, pr.name_th, pr.name_en,
       coalesce(sum(g.targeted) FILTER (WHERE g.year = $year), 0)::BIGINT AS targeted,
       coalesce(sum(g.responded) FILTER (WHERE g.year = $year), 0)::BIGINT AS responded,
       sum(g.sum_overall) FILTER (WHERE g.year = $year)
           / nullif(sum(g.n_overall) FILTER (WHERE g.year = $year), 0) AS overall,
       -- no change across a switch of representation (provincial units -> CIO committee in 2566)
       sum(g.sum_overall) FILTER (WHERE g.year = (SELECT y FROM prev) AND g.kind IN (SELECT kind FROM now_kinds))
           / nullif(sum(g.n_overall) FILTER (WHERE g.year = (SELECT y FROM prev) AND g.kind IN (SELECT kind FROM now_kinds)), 0)
           AS prev_overall
FROM provinces pr
LEFT JOIN agg_province g ON g.code = pr.code AND g.year IN ($year, (SELECT y FROM prev))
WHERE pr.surveyed AND $scope_aggregates
GROUP BY pr.code, pr.name_th, pr.name_en
ORDER BY pr.code
