-- Per-agency rows: a department's own record and its provincial branches in one year (published unit-year table).
-- Two plain equalities rather than one OR, so that the scan filters before it reads the other columns.
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code, a.province_th, a.province_en,
       a.status, a.overall, a.band, a.maturity
FROM agg_unit_years a
WHERE a.year = $year AND a.agency_id = $dept AND visible_unit(a)
UNION ALL
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code, a.province_th, a.province_en,
       a.status, a.overall, a.band, a.maturity
FROM agg_unit_years a
WHERE a.year = $year AND a.parent_id = $dept AND a.agency_id <> $dept AND visible_unit(a)
ORDER BY kind, province_code
