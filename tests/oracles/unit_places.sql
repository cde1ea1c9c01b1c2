-- Per-agency rows: how many units in the scope lie in each province ('' for none), for the unit picker's facet.
SELECT coalesce(a.province_code, '') AS place, any_value(pr.name_th) AS province_th,
       any_value(pr.name_en) AS province_en, count(*) AS n
FROM agencies a
LEFT JOIN provinces pr ON pr.code = a.province_code
WHERE ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
GROUP BY coalesce(a.province_code, '')
ORDER BY place
