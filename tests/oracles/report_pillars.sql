-- Per-agency rows: one unit's pillar scores in every year it responded; in year $year also the mean of its
-- group ($kind) and the national mean of each pillar.
WITH bench AS (
    SELECT s.pillar_code, avg(s.score) FILTER (WHERE o.kind = $kind) AS peer_mean, avg(s.score) AS national_mean
    FROM pillar_scores s
    JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
    WHERE s.year = $year
    GROUP BY s.pillar_code
)
SELECT s.year, s.pillar_code, s.score,
       CASE WHEN s.year = $year THEN b.peer_mean END AS peer_mean,
       CASE WHEN s.year = $year THEN b.national_mean END AS national_mean
FROM pillar_scores s
JOIN agencies a ON a.agency_id = s.agency_id
LEFT JOIN bench b ON b.pillar_code = s.pillar_code
WHERE s.agency_id = $agency_id
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY s.year, s.pillar_code
