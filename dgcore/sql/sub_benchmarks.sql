-- Peer (one kind) and national mean and spread of every sub-indicator in one year (aggregate level, published).
SELECT n.sub_code, p.mean AS peer_mean, coalesce(p.sd, 0) AS peer_sd, coalesce(p.n, 0) AS peer_n,
       n.mean AS national_mean
FROM agg_sub n
LEFT JOIN agg_sub p ON p.year = n.year AND p.sub_code = n.sub_code AND NOT p.national AND p.kind = $kind
WHERE n.year = $year AND n.national AND $scope_aggregates
ORDER BY n.sub_code
