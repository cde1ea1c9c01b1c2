-- Per-agency rows: the units targeted in one year (withdrawn ones excluded) with what their letter's
-- address needs: kind, agency type and province names, in unit-id order (the letters' numbering order).
SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.type_code, a.province_code,
       pr.name_th AS province_th, pr.name_en AS province_en, p.status
FROM participation p
JOIN agencies a ON a.agency_id = p.agency_id
LEFT JOIN provinces pr ON pr.code = a.province_code
WHERE p.year = $year AND p.status <> 'withdrawn' AND visible_unit(a)
ORDER BY a.agency_id
