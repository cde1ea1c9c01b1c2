-- Per-agency rows: one unit's sub-indicator scores in one year.
SELECT s.sub_code, s.score
FROM sub_scores s
JOIN agencies a ON a.agency_id = s.agency_id
WHERE s.agency_id = $agency_id AND s.year = $year
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY s.sub_code
