-- Per-agency rows: the responding and non-responding units of one province in one year, with type
-- (published unit-year table).
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.type_code, a.type_th, a.type_en,
       a.status, a.overall, a.band, a.maturity
FROM agg_unit_years a
WHERE a.year = $year AND a.province_code = $province
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY a.overall DESC NULLS LAST, a.agency_id
