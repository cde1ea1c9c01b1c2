-- Per province (aggregate level, published): targets, responses, mean overall this year and the previous published one, over the
-- units located there that represent the province (provincial units; the provincial CIO committee from 2566).
-- A mean over fewer units than $scope_min_units (the public's small-cell minimum; 0 when signed in) is NULL,
-- and so are the counts of a province with fewer targeted units (whether its one unit answered is that unit's).
WITH prev AS (SELECT coalesce(max(year), $year - 1) AS y FROM years WHERE year < $year),  -- previous published year
now_kinds AS (SELECT DISTINCT kind FROM agg_province WHERE year = $year),
sums AS (
    SELECT pr.code, pr.name_th, pr.name_en,
           coalesce(sum(g.targeted) FILTER (WHERE g.year = $year), 0)::BIGINT AS targeted,
           coalesce(sum(g.responded) FILTER (WHERE g.year = $year), 0)::BIGINT AS responded,
           sum(g.sum_overall) FILTER (WHERE g.year = $year) AS s_now,
           sum(g.n_overall) FILTER (WHERE g.year = $year) AS n_now,
           -- no change across a switch of representation (provincial units -> CIO committee in 2566)
           sum(g.sum_overall) FILTER (WHERE g.year = (SELECT y FROM prev) AND g.kind IN (SELECT kind FROM now_kinds)) AS s_prev,
           sum(g.n_overall) FILTER (WHERE g.year = (SELECT y FROM prev) AND g.kind IN (SELECT kind FROM now_kinds)) AS n_prev
    FROM provinces pr
    LEFT JOIN agg_province g ON g.code = pr.code AND g.year IN ($year, (SELECT y FROM prev))
    WHERE pr.surveyed AND $scope_aggregates
    GROUP BY pr.code, pr.name_th, pr.name_en
)
SELECT code, name_th, name_en,
       CASE WHEN targeted >= $scope_min_units THEN targeted END AS targeted,
       CASE WHEN targeted >= $scope_min_units THEN responded END AS responded,
       CASE WHEN n_now >= greatest($scope_min_units, 1) THEN s_now / n_now END AS overall,
       CASE WHEN n_prev >= greatest($scope_min_units, 1) THEN s_prev / n_prev END AS prev_overall
FROM sums
ORDER BY code
