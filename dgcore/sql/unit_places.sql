-- Per-agency rows: how many units in the scope lie in each province ('' for none), for the unit picker's
-- facet (published directory).
SELECT a.place, any_value(a.province_th) AS province_th, any_value(a.province_en) AS province_en, count(*) AS n
FROM agg_units a
WHERE ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
GROUP BY a.place
ORDER BY a.place
