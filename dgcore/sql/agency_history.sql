-- Per-agency rows: one unit's participation and results in every year it was surveyed.
SELECT p.year, p.kind, p.status, o.overall, o.band, o.maturity
FROM participation p
JOIN agencies a ON a.agency_id = p.agency_id
LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
WHERE p.agency_id = $agency_id
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY p.year
