-- One province's sub-indicators (aggregate level, published): its units' mean, the same kinds' national mean,
-- and how many of its units sit below their peers by more than the classification allows (counted at publish
-- with the year's own threshold).
SELECT sub_code, mean, national_mean, n_units, n_accelerate
FROM agg_province_sub
WHERE year = $year AND code = $province AND $scope_aggregates
ORDER BY sub_code
