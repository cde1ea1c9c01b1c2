-- Per-agency rows: one unit's sub-indicator scores in one year with the mean, spread and count of its group
-- ($kind) and the national mean.
WITH bench AS (
    SELECT s.sub_code,
           avg(s.score) FILTER (WHERE o.kind = $kind) AS peer_mean,
           coalesce(stddev_samp(s.score) FILTER (WHERE o.kind = $kind), 0) AS peer_sd,
           count(*) FILTER (WHERE o.kind = $kind) AS peer_n,
           avg(s.score) AS national_mean
    FROM sub_scores s
    JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
    WHERE s.year = $year
    GROUP BY s.sub_code
)
SELECT s.sub_code, s.score, b.peer_mean, b.peer_sd, b.peer_n, b.national_mean
FROM sub_scores s
JOIN agencies a ON a.agency_id = s.agency_id
LEFT JOIN bench b ON b.sub_code = s.sub_code
WHERE s.agency_id = $agency_id AND s.year = $year
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY s.sub_code
