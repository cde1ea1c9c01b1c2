-- Publish-time aggregate: per year, province and kind of the units that represent a province (provincial
-- units, provincial CIO committees), not withdrawn: targets, responses, and the sum and count of overall
-- scores (so that means over several kinds stay exact).
SELECT p.year, a.province_code AS code, a.kind,
       count(*) AS targeted,
       count(*) FILTER (WHERE p.status = 'responded') AS responded,
       count(o.overall) AS n_overall, sum(o.overall) AS sum_overall
FROM participation p
JOIN agencies a ON a.agency_id = p.agency_id
LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
WHERE a.kind IN ('provincial', 'cio_committee') AND p.status <> 'withdrawn'
GROUP BY p.year, a.province_code, a.kind
