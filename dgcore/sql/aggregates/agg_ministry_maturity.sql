-- Publish-time aggregate: department-level units per year, ministry and maturity level.
SELECT o.year, a.ministry_code, o.maturity, count(*) AS n
FROM overall_scores o
JOIN agencies a ON a.agency_id = o.agency_id
WHERE o.kind = 'department'
GROUP BY o.year, a.ministry_code, o.maturity
