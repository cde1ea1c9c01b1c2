-- Publish-time aggregate: per year, department with provincial branches of a type: branches counted,
-- their mean, spread and range.
SELECT o.year, d.agency_id AS dept, t.type_code,
       count(o.agency_id) AS n_branches, avg(o.overall) AS branch_mean, stddev_samp(o.overall) AS branch_sd,
       min(o.overall) AS branch_min, max(o.overall) AS branch_max
FROM agency_types t
JOIN agencies d ON d.agency_id = t.parent_dept_id
JOIN agencies b ON b.parent_id = d.agency_id AND b.type_code = t.type_code
JOIN overall_scores o ON o.agency_id = b.agency_id
GROUP BY o.year, d.agency_id, t.type_code
