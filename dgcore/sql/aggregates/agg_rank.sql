-- Publish-time aggregate, one row per unit and year: rank and percentile of its overall score among the
-- units of its group that year. Per-unit rows: read only through a "-- Per-agency rows" statement.
SELECT year, agency_id, kind,
       rank() OVER (PARTITION BY year, kind ORDER BY CAST(printf('%.2f', overall) AS DOUBLE) DESC) AS rank,
       count(*) OVER (PARTITION BY year, kind) AS peers,
       100.0 * percent_rank() OVER (PARTITION BY year, kind ORDER BY overall) AS percentile
FROM overall_scores
