-- The units the caller's scope may see: the row-level rule, written once. dgcore.queries binds this relation
-- (as visible_units) to every statement that names it, so a per-agency statement gets the caller's rows by
-- joining it and never repeats the rule: a unit itself, the units of its province, a department and its
-- branches, or everyone (staff).
SELECT a.agency_id
FROM agencies a
WHERE $scope_all
   OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
   OR list_contains($scope_provinces::VARCHAR[], a.province_code)
   OR list_contains($scope_depts::VARCHAR[], a.agency_id)
   OR list_contains($scope_depts::VARCHAR[], a.parent_id)
