-- Per-agency rows: the department-level units of one ministry in one year with band and maturity.
SELECT a.agency_id, a.name_th, a.name_en, a.org_type, p.status, o.overall, o.band, o.maturity
FROM participation p
JOIN agencies a ON a.agency_id = p.agency_id
LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
WHERE p.year = $year AND a.kind = 'department' AND a.ministry_code = $ministry AND p.status <> 'withdrawn'
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY o.overall DESC NULLS LAST, a.agency_id
