-- One department's branches in one year (aggregate level, published): mean of each sub-indicator across its
-- branches against all provincial units.
SELECT b.sub_code, b.mean, n.mean AS national_mean, b.n_units
FROM agg_branch_sub b
JOIN agg_sub n ON n.year = b.year AND n.sub_code = b.sub_code AND NOT n.national AND n.kind = 'provincial'
WHERE b.year = $year AND b.dept = $dept AND $scope_aggregates
ORDER BY b.sub_code
