-- Per-agency rows: one unit's pillar scores in every year it responded; in year $year also the mean of its
-- group ($kind) and the national mean of each pillar (published aggregates).
SELECT s.year, s.pillar_code, s.score, p.mean AS peer_mean, n.mean AS national_mean
FROM pillar_scores s
JOIN visible_units v ON v.agency_id = s.agency_id
LEFT JOIN agg_pillar n ON n.year = s.year AND n.pillar_code = s.pillar_code AND n.national AND s.year = $year
LEFT JOIN agg_pillar p ON p.year = s.year AND p.pillar_code = s.pillar_code AND NOT p.national AND p.kind = $kind
                          AND s.year = $year
WHERE s.agency_id = $agency_id
ORDER BY s.year, s.pillar_code
