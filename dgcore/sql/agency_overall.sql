-- Per-agency rows: each unit in the scope with its overall score, band and maturity for one year.
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code, a.parent_id, a.ministry_code,
       o.overall, o.band, o.maturity
FROM overall_scores o
JOIN agencies a ON a.agency_id = o.agency_id
WHERE o.year = $year
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY a.agency_id
