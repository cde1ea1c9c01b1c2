-- Per-agency rows: one unit, if it is in the scope, with its place and parent names.
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code, a.parent_id, a.type_code, a.ministry_code,
       pr.name_th AS province_th, pr.name_en AS province_en, m.name_th AS ministry_th, m.name_en AS ministry_en,
       par.name_th AS parent_th, par.name_en AS parent_en
FROM agencies a
LEFT JOIN provinces pr ON pr.code = a.province_code
LEFT JOIN ministries m ON m.ministry_code = a.ministry_code
LEFT JOIN agencies par ON par.agency_id = a.parent_id
WHERE a.agency_id = $agency_id
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))

