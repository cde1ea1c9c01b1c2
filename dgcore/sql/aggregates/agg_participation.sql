-- Publish-time aggregate: targets (less withdrawn units), responses and withdrawals per year and group.
SELECT year, kind,
       count(*) FILTER (WHERE status <> 'withdrawn') AS targeted,
       count(*) FILTER (WHERE status = 'responded') AS responded,
       count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn
FROM participation
GROUP BY year, kind
