-- Per-agency rows: a department's own record and its provincial branches in one year.
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code, pr.name_th AS province_th,
       pr.name_en AS province_en, p.status, o.overall, o.band, o.maturity
FROM participation p
JOIN agencies a ON a.agency_id = p.agency_id
LEFT JOIN provinces pr ON pr.code = a.province_code
LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
WHERE p.year = $year AND (a.agency_id = $dept OR a.parent_id = $dept) AND p.status <> 'withdrawn'
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY a.kind, a.province_code
