-- Publish-time aggregate: responding units per year, group and maturity level.
SELECT year, kind, maturity, count(*) AS n
FROM overall_scores
GROUP BY year, kind, maturity
