-- Per-agency rows: at most $limit units in the scope whose id, Thai or English name or province contains $q
-- (any case; an empty $q matches all), in one province ($place: '' for units without one, NULL for any),
-- surveyed in $year (NULL: any year), for the unit picker. Never the whole population.
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code,
       pr.name_th AS province_th, pr.name_en AS province_en
FROM agencies a
LEFT JOIN provinces pr ON pr.code = a.province_code
WHERE contains(lower(concat_ws(' | ', a.agency_id, a.name_th, a.name_en, pr.name_th, pr.name_en)), lower($q))
  AND ($place IS NULL OR coalesce(a.province_code, '') = $place)
  AND ($year IS NULL OR EXISTS (SELECT 1 FROM participation p WHERE p.agency_id = a.agency_id AND p.year = $year))
  AND ($scope_all
       OR list_contains($scope_agencies::VARCHAR[], a.agency_id)
       OR list_contains($scope_provinces::VARCHAR[], a.province_code)
       OR list_contains($scope_depts::VARCHAR[], a.agency_id)
       OR list_contains($scope_depts::VARCHAR[], a.parent_id))
ORDER BY a.kind, a.agency_id
LIMIT $limit
