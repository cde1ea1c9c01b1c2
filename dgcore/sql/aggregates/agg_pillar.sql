-- Publish-time aggregate: mean and count of each pillar per year and group (the group of the unit's
-- overall score), and per year nationally (national = true, kind NULL).
SELECT p.year, o.kind, grouping(o.kind) = 1 AS national, p.pillar_code, count(*) AS n, avg(p.score) AS mean
FROM pillar_scores p
JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
GROUP BY GROUPING SETS ((p.year, o.kind, p.pillar_code), (p.year, p.pillar_code))
