-- Publish-time aggregate: per year, province and sub-indicator, its units' mean, the same kinds' national
-- mean, and how many of its units sit below their peers by more than the year's classification allows
-- (below_z: the framework's fairly_outstanding min_z, from the _thresholds table the builder registers).
WITH stats AS (
    SELECT s.year, s.sub_code, o.kind, avg(s.score) AS mean, stddev_samp(s.score) AS sd
    FROM sub_scores s JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
    WHERE o.kind IN ('provincial', 'cio_committee')
    GROUP BY s.year, s.sub_code, o.kind
), mine AS (
    SELECT s.year, a.province_code, s.sub_code, s.score, o.kind
    FROM sub_scores s
    JOIN overall_scores o ON o.year = s.year AND o.agency_id = s.agency_id
    JOIN agencies a ON a.agency_id = s.agency_id
    WHERE o.kind IN ('provincial', 'cio_committee')
)
SELECT m.year, m.province_code AS code, m.sub_code, avg(m.score) AS mean, avg(st.mean) AS national_mean,
       count(*) AS n_units,
       count(*) FILTER (WHERE coalesce((m.score - st.mean) / nullif(st.sd, 0), 0) < t.below_z) AS n_accelerate,
       any_value(t.below_z) AS below_z
FROM mine m
JOIN stats st ON st.year = m.year AND st.sub_code = m.sub_code AND st.kind = m.kind
LEFT JOIN _thresholds t ON t.year = m.year
GROUP BY m.year, m.province_code, m.sub_code
