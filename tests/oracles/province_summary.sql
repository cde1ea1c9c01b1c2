-- Per province (aggregate level): targets, responses, mean overall this year and the previous published one, over the units
-- located there that represent the province (provincial units; the provincial CIO committee from 2566).
WITH prev AS (SELECT coalesce(max(year), $year - 1) AS y FROM years WHERE year < $year),  -- previous published year
units AS (
    SELECT p.year, a.province_code, p.agency_id, p.status, a.kind
    FROM participation p
    JOIN agencies a ON a.agency_id = p.agency_id
    WHERE a.kind IN ('provincial', 'cio_committee') AND p.status <> 'withdrawn'
      AND p.year IN ($year, (SELECT y FROM prev))
)
SELECT pr.code, pr.name_th, pr.name_en,
       count(u.agency_id) FILTER (WHERE u.year = $year) AS targeted,
       count(u.agency_id) FILTER (WHERE u.year = $year AND u.status = 'responded') AS responded,
       avg(o.overall) FILTER (WHERE u.year = $year) AS overall,
       -- no change across a switch of representation (provincial units -> CIO committee in 2566)
       avg(o.overall) FILTER (WHERE u.year = (SELECT y FROM prev) AND u.kind IN (
           SELECT DISTINCT kind FROM units WHERE year = $year)) AS prev_overall
FROM provinces pr
LEFT JOIN units u ON u.province_code = pr.code
LEFT JOIN overall_scores o ON o.year = u.year AND o.agency_id = u.agency_id
WHERE pr.surveyed AND $scope_aggregates
GROUP BY pr.code, pr.name_th, pr.name_en
ORDER BY pr.code
