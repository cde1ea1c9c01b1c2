-- Per-agency rows: the department-level units of one ministry in one year with band and maturity
-- (published unit-year table).
SELECT a.agency_id, a.name_th, a.name_en, a.org_type, a.status, a.overall, a.band, a.maturity
FROM agg_unit_years a
WHERE a.year = $year AND a.kind = 'department' AND a.ministry_code = $ministry
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY a.overall DESC NULLS LAST, a.agency_id
