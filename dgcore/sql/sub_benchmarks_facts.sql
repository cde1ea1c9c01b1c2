-- Peer (one kind) and national mean and spread of every sub-indicator in one year (aggregate level).
SELECT s.sub_code,
       avg(s.score) FILTER (WHERE o.kind = $kind) AS peer_mean,
       coalesce(stddev_samp(s.score) FILTER (WHERE o.kind = $kind), 0) AS peer_sd,
       count(*) FILTER (WHERE o.kind = $kind) AS peer_n,
       avg(s.score) AS national_mean
FROM sub_scores s
JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
WHERE s.year = $year AND $scope_aggregates
GROUP BY s.sub_code
ORDER BY s.sub_code
