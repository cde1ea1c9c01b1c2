-- Per-agency rows: one unit's participation and results in every year it was surveyed, with its group's and the
-- national mean overall score and its rank among its group that year (published aggregates).
SELECT p.year, p.kind, p.status, o.overall, o.band, o.maturity, g.mean AS peer_mean, n.mean AS national_mean,
       r.rank, r.peers, r.percentile
FROM participation p
JOIN visible_units v ON v.agency_id = p.agency_id
LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
LEFT JOIN agg_overall g ON g.year = p.year AND NOT g.national AND g.kind = p.kind
LEFT JOIN agg_overall n ON n.year = p.year AND n.national
LEFT JOIN agg_rank r ON r.year = p.year AND r.agency_id = p.agency_id AND r.kind = p.kind
WHERE p.agency_id = $agency_id
ORDER BY p.year
