-- Per-agency rows: one unit's sub-indicator scores in one year with the mean, spread and count of its group
-- ($kind) and the national mean (published aggregates).
SELECT s.sub_code, s.score, p.mean AS peer_mean, coalesce(p.sd, 0) AS peer_sd, coalesce(p.n, 0) AS peer_n,
       n.mean AS national_mean
FROM sub_scores s
JOIN visible_units v ON v.agency_id = s.agency_id
LEFT JOIN agg_sub n ON n.year = s.year AND n.sub_code = s.sub_code AND n.national
LEFT JOIN agg_sub p ON p.year = s.year AND p.sub_code = s.sub_code AND NOT p.national AND p.kind = $kind
WHERE s.agency_id = $agency_id AND s.year = $year
ORDER BY s.sub_code
