-- Publish-time aggregate, one row per unit and year it was targeted (withdrawn units left out): its names,
-- place, type, status and results, so that the lists of a province's, a ministry's or a department's units
-- need no join. Per-unit rows: read only through "-- Per-agency rows" statements.
SELECT p.year, p.agency_id, a.kind, a.name_th, a.name_en, a.province_code, a.ministry_code, a.parent_id,
       a.type_code, a.org_type, t.name_th AS type_th, t.name_en AS type_en,
       pr.name_th AS province_th, pr.name_en AS province_en, p.status, o.overall, o.band, o.maturity
FROM participation p
JOIN agencies a ON a.agency_id = p.agency_id
LEFT JOIN agency_types t ON t.type_code = a.type_code
LEFT JOIN provinces pr ON pr.code = a.province_code
LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id
WHERE p.status <> 'withdrawn'
