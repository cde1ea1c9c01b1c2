-- One department's branches in one year (aggregate level): mean of each sub-indicator across its branches
-- against all provincial units.
WITH nat AS (
    SELECT s.sub_code, avg(s.score) AS national_mean
    FROM sub_scores s JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
    WHERE s.year = $year AND o.kind = 'provincial'
    GROUP BY s.sub_code
)
SELECT s.sub_code, avg(s.score) AS mean, any_value(n.national_mean) AS national_mean, count(*) AS n_units
FROM sub_scores s
JOIN agencies a ON a.agency_id = s.agency_id
JOIN nat n ON n.sub_code = s.sub_code
WHERE s.year = $year AND a.parent_id = $dept AND a.kind = 'provincial' AND $scope_aggregates
GROUP BY s.sub_code
ORDER BY s.sub_code
