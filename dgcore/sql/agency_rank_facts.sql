-- Per-agency rows: one unit's rank and percentile among responding units of its kind in one year.
-- The window runs over every peer, but only the scoped unit's own row leaves the statement.
WITH peers AS (
    SELECT agency_id, overall,
           rank() OVER (ORDER BY CAST(printf('%.2f', overall) AS DOUBLE) DESC) AS rank,
           count(*) OVER () AS peers,
           100.0 * percent_rank() OVER (ORDER BY overall) AS percentile
    FROM overall_scores
    WHERE year = $year AND kind = $kind
)
SELECT p.rank, p.peers, p.percentile
FROM peers p
JOIN agencies a ON a.agency_id = p.agency_id
WHERE p.agency_id = $agency_id
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
