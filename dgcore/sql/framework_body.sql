-- The framework JSON of one year.
SELECT body FROM frameworks WHERE year = $year AND $scope_aggregates
