-- Published survey years with their data-as-of dates (aggregate level).
SELECT year, data_as_of, is_demo, note_th, note_en
FROM years
WHERE $scope_aggregates
ORDER BY year
