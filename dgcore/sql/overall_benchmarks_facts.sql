-- Peer (one kind) and national mean overall score per year (aggregate level).
SELECT year,
       avg(overall) FILTER (WHERE kind = $kind) AS peer_mean,
       avg(overall) AS national_mean
FROM overall_scores
WHERE $scope_aggregates
GROUP BY year
ORDER BY year
