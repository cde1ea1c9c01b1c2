-- Per-agency rows: one unit's participation and results in every year it was surveyed, with its group's and the
-- national mean overall score and its rank among its group that year.
WITH peer AS (SELECT year, kind, avg(overall) AS mean FROM overall_scores GROUP BY year, kind),
nat AS (SELECT year, avg(overall) AS mean FROM overall_scores GROUP BY year),
ranks AS (
    SELECT year, agency_id, kind,
           rank() OVER (PARTITION BY year, kind ORDER BY CAST(printf('%.2f', overall) AS DOUBLE) DESC) AS rank,
           count(*) OVER (PARTITION BY year, kind) AS peers,
           100.0 * percent_rank() OVER (PARTITION BY year, kind ORDER BY overall) AS percentile
    FROM overall_scores
)
SELECT p.year, p.kind, p.status, o.overall, o.band, o.maturity, g.mean AS peer_mean, n.mean AS national_mean,
       r.rank, r.peers, r.percentile
FROM participation p
JOIN agencies a ON a.agency_id = p.agency_id
LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
LEFT JOIN peer g ON g.year = p.year AND g.kind = p.kind
LEFT JOIN nat n ON n.year = p.year
LEFT JOIN ranks r ON r.year = p.year AND r.agency_id = p.agency_id AND r.kind = p.kind
WHERE p.agency_id = $agency_id
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY p.year
