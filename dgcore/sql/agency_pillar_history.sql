-- Per-agency rows: one unit's pillar scores in every year it responded.
SELECT s.year, s.pillar_code, s.score
FROM pillar_scores s
JOIN agencies a ON a.agency_id = s.agency_id
WHERE s.agency_id = $agency_id
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY s.year, s.pillar_code
