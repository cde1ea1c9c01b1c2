-- Per-agency rows: the department-level units of one ministry in one year with band and maturity
-- (published unit-year table).
SELECT a.agency_id, a.name_th, a.name_en, a.org_type, a.status, a.overall, a.band, a.maturity
FROM agg_unit_years a
WHERE a.year = $year AND a.kind = 'department' AND a.ministry_code = $ministry AND visible_unit(a)
ORDER BY a.overall DESC NULLS LAST, a.agency_id
