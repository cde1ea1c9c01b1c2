-- One province's sub-indicators (aggregate level): its units' mean, the same kinds' national mean (weighted by
-- its units of each kind), and how many of its units sit below their peers by more than the classification allows ($below_z).
WITH stats AS (
    SELECT s.sub_code, o.kind, avg(s.score) AS mean, stddev_samp(s.score) AS sd
    FROM sub_scores s JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
    WHERE s.year = $year AND o.kind IN ('provincial', 'cio_committee')
    GROUP BY s.sub_code, o.kind
), mine AS (
    SELECT s.sub_code, s.score, o.kind
    FROM sub_scores s
    JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
    JOIN agencies a ON a.agency_id = s.agency_id
    WHERE s.year = $year AND a.province_code = $province AND o.kind IN ('provincial', 'cio_committee')
)
SELECT m.sub_code, avg(m.score) AS mean, avg(st.mean) AS national_mean, count(*) AS n_units,
       count(*) FILTER (WHERE coalesce((m.score - st.mean) / nullif(st.sd, 0), 0) < $below_z) AS n_accelerate
FROM mine m JOIN stats st ON st.sub_code = m.sub_code AND st.kind = m.kind
WHERE $scope_aggregates
GROUP BY m.sub_code
ORDER BY m.sub_code
