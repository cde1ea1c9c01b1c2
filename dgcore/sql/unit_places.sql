-- Per-agency rows: how many units in the scope lie in each province ('' for none), for the unit picker's
-- facet (published directory).
SELECT a.place, any_value(a.province_th) AS province_th, any_value(a.province_en) AS province_en, count(*) AS n
FROM agg_units a
WHERE visible_unit(a)
GROUP BY a.place
ORDER BY a.place
