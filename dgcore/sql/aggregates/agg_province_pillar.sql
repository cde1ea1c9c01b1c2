-- Publish-time aggregate: mean pillar score per year and province over the units that represent it.
SELECT s.year, a.province_code AS code, s.pillar_code, avg(s.score) AS mean, count(*) AS n
FROM pillar_scores s
JOIN agencies a ON a.agency_id = s.agency_id
WHERE a.kind IN ('provincial', 'cio_committee')
GROUP BY s.year, a.province_code, s.pillar_code
