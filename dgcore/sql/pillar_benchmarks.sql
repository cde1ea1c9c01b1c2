-- Peer (one kind) and national mean of every pillar in one year (aggregate level, published).
SELECT n.pillar_code, p.mean AS peer_mean, n.mean AS national_mean
FROM agg_pillar n
LEFT JOIN agg_pillar p ON p.year = n.year AND p.pillar_code = n.pillar_code AND NOT p.national AND p.kind = $kind
WHERE n.year = $year AND n.national AND $scope_aggregates
ORDER BY n.pillar_code
