-- The units the caller's scope may see: the row-level rule, written once. dgcore.queries binds it into every
-- statement that asks for it, which never repeats it: its WHERE condition as `visible_unit(a)` on the rows of
-- a unit directory aliased a, or this relation (as visible_units) in front of a statement over facts, which
-- joins it. The rule: a unit itself, the units of its province, a department and its branches, or everyone
-- (staff).
SELECT a.agency_id
FROM agencies a
WHERE $scope_all
   OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
   OR list_contains($scope_provinces::VARCHAR[], a.province_code)
   OR list_contains($scope_depts::VARCHAR[], a.agency_id)
   OR list_contains($scope_depts::VARCHAR[], a.parent_id)
