-- Departments with provincial branches in one year (aggregate level, published): branches counted, their
-- mean and spread.
SELECT d.agency_id, d.name_th, d.name_en, t.type_code, t.name_th AS type_th, t.name_en AS type_en,
       g.n_branches, g.branch_mean, g.branch_sd, g.branch_min, g.branch_max
FROM agg_branch g
JOIN agencies d ON d.agency_id = g.dept
JOIN agency_types t ON t.type_code = g.type_code
WHERE g.year = $year AND $scope_aggregates
ORDER BY g.branch_mean DESC
