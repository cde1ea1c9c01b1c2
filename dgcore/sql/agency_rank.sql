-- Per-agency rows: one unit's rank and percentile among responding units of its kind in one year (published
-- with the version, so no window runs over the peers here).
SELECT r.rank, r.peers, r.percentile
FROM agg_rank r
JOIN agencies a ON a.agency_id = r.agency_id
WHERE r.agency_id = $agency_id AND r.year = $year AND r.kind = $kind
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
