-- Publish-time aggregate: per year, department and sub-indicator, the mean across its provincial branches.
SELECT s.year, a.parent_id AS dept, s.sub_code, avg(s.score) AS mean, count(*) AS n_units
FROM sub_scores s
JOIN agencies a ON a.agency_id = s.agency_id
WHERE a.kind = 'provincial' AND a.parent_id IS NOT NULL
GROUP BY s.year, a.parent_id, s.sub_code
