-- Departments with provincial branches in one year (aggregate level): branches counted, their mean and spread.
SELECT d.agency_id, d.name_th, d.name_en, t.type_code, t.name_th AS type_th, t.name_en AS type_en,
       count(o.agency_id) AS n_branches, avg(o.overall) AS branch_mean, stddev_samp(o.overall) AS branch_sd,
       min(o.overall) AS branch_min, max(o.overall) AS branch_max
FROM agency_types t
JOIN agencies d ON d.agency_id = t.parent_dept_id
JOIN agencies b ON b.parent_id = d.agency_id AND b.type_code = t.type_code
JOIN overall_scores o ON o.agency_id = b.agency_id AND o.year = $year
WHERE $scope_aggregates
GROUP BY d.agency_id, d.name_th, d.name_en, t.type_code, t.name_th, t.name_en
ORDER BY branch_mean DESC
