-- Peer (one kind) and national mean overall score per year (aggregate level, published).
SELECT n.year, p.mean AS peer_mean, n.mean AS national_mean
FROM agg_overall n
LEFT JOIN agg_overall p ON p.year = n.year AND NOT p.national AND p.kind = $kind
WHERE n.national AND $scope_aggregates
ORDER BY n.year
