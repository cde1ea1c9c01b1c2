-- The groups of units (department level, provincial, special local, provincial CIO).
SELECT kind, name_th, name_en, short_th, short_en, sort
FROM agency_kinds
WHERE $scope_aggregates
ORDER BY sort
