-- Per-agency rows: one unit, if it is in the scope, with its place and parent names (published directory).
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code, a.parent_id, a.type_code, a.ministry_code,
       a.province_th, a.province_en, a.ministry_th, a.ministry_en, a.parent_th, a.parent_en
FROM agg_units a
WHERE a.agency_id = $agency_id AND visible_unit(a)
