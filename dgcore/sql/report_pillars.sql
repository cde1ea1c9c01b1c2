-- Per-agency rows: one unit's pillar scores in every year it responded; in year $year also the mean of its
-- group ($kind) and the national mean of each pillar (published aggregates).
SELECT s.year, s.pillar_code, s.score, p.mean AS peer_mean, n.mean AS national_mean
FROM pillar_scores s
JOIN agencies a ON a.agency_id = s.agency_id
LEFT JOIN agg_pillar n ON n.year = s.year AND n.pillar_code = s.pillar_code AND n.national AND s.year = $year
LEFT JOIN agg_pillar p ON p.year = s.year AND p.pillar_code = s.pillar_code AND NOT p.national AND p.kind = $kind
                          AND s.year = $year
WHERE s.agency_id = $agency_id
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY s.year, s.pillar_code
