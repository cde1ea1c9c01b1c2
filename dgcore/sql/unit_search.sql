-- Per-agency rows: at most $limit units in the scope whose id, Thai or English name or province contains $q
-- (any case; an empty $q matches all), in one province ($place: '' for units without one, NULL for any),
-- surveyed in $year (NULL: any year), for the unit picker (published directory). Never the whole population.
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code, a.province_th, a.province_en
FROM agg_units a
WHERE visible_unit(a)
  AND contains(a.search, lower($q))
  AND ($place IS NULL OR a.place = $place)
  AND ($year IS NULL OR EXISTS (SELECT 1 FROM participation p WHERE p.agency_id = a.agency_id AND p.year = $year))
ORDER BY a.kind, a.agency_id
LIMIT $limit
