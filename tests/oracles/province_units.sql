-- Per-agency rows: the responding and non-responding units of one province in one year, with type.
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.type_code, t.name_th AS type_th, t.name_en AS type_en,
       p.status, o.overall, o.band, o.maturity
FROM participation p
JOIN agencies a ON a.agency_id = p.agency_id
LEFT JOIN agency_types t ON t.type_code = a.type_code
LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
WHERE p.year = $year AND a.province_code = $province AND p.status <> 'withdrawn'
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY o.overall DESC NULLS LAST, a.agency_id
