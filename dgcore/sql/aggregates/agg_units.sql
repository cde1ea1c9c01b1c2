-- Publish-time aggregate, one row per unit: its place and parent names, `place` (its province code, '' for
-- none: the picker's facet) and a lower-case text to search (id, names, province). Per-unit rows: read only through "-- Per-agency rows" statements.
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.province_code, a.parent_id, a.type_code, a.ministry_code,
       pr.name_th AS province_th, pr.name_en AS province_en, m.name_th AS ministry_th, m.name_en AS ministry_en,
       par.name_th AS parent_th, par.name_en AS parent_en,
       coalesce(a.province_code, '') AS place,
       lower(concat_ws(' | ', a.agency_id, a.name_th, a.name_en, pr.name_th, pr.name_en)) AS search
FROM agencies a
LEFT JOIN provinces pr ON pr.code = a.province_code
LEFT JOIN ministries m ON m.ministry_code = a.ministry_code
LEFT JOIN agencies par ON par.agency_id = a.parent_id
