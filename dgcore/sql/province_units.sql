-- Per-agency rows: the responding and non-responding units of one province in one year, with type
-- (published unit-year table).
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.type_code, a.type_th, a.type_en,
       a.status, a.overall, a.band, a.maturity
FROM agg_unit_years a
WHERE a.year = $year AND a.province_code = $province AND visible_unit(a)
ORDER BY a.overall DESC NULLS LAST, a.agency_id
