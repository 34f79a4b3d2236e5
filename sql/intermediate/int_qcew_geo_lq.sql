-- int_qcew_geo_lq: location quotients of every cell of the region and its counties, by the BLS definition.
-- Grain: one row per geo_id × own_code × industry_code × year × qtr.
-- Sources: int_qcew_geo_cells, stg_qcew (the reference area), settings.
-- LQ = (e_i / e_total) / (E_i / E_total): e the area's value, E the reference area's, and the totals the
-- all-industry, all-ownership cell (own_code 0, industry 10) of the same period. The same form holds for
-- establishments, each month's employment, wages and the average weekly wage. Regions sum their counties
-- before dividing; county LQs are never averaged.
WITH cells AS (
  SELECT
    *,
    {{safe_divide "total_wages" "avg_emplvl * weeks"}} AS avg_wkly_wage
  FROM {{ref "int_qcew_geo_cells"}}
),
area_totals AS (
  SELECT
    geo_id, year, qtr,
    estabs AS t_estabs, month1_emplvl AS t_month1, month2_emplvl AS t_month2, month3_emplvl AS t_month3,
    avg_emplvl AS t_avg_emplvl, total_wages AS t_wages, avg_wkly_wage AS t_aww
  FROM cells
  WHERE own_code = '0' AND industry_code = '10'
),
reference AS (
  SELECT
    q.own_code, q.industry_code, q.year, q.qtr, q.area_fips, q.area_title, q.is_suppressed,
    q.estabs, q.month1_emplvl, q.month2_emplvl, q.month3_emplvl, q.avg_emplvl, q.total_wages,
    {{safe_divide "q.total_wages" "q.avg_emplvl * q.weeks"}} AS avg_wkly_wage
  FROM {{ref "stg_qcew"}} AS q
  JOIN {{source "settings"}} AS s ON q.area_fips = s.reference_area
  WHERE q.size_code = '0'
),
reference_totals AS (
  SELECT
    year, qtr,
    estabs AS t_estabs, month1_emplvl AS t_month1, month2_emplvl AS t_month2, month3_emplvl AS t_month3,
    avg_emplvl AS t_avg_emplvl, total_wages AS t_wages, avg_wkly_wage AS t_aww
  FROM reference
  WHERE own_code = '0' AND industry_code = '10'
)
SELECT
  c.geo_type, c.geo_id, c.geo_name, c.own_code, c.industry_code, c.year, c.qtr,
  c.n_areas, c.n_areas_suppressed, c.is_suppressed,
  c.estabs, c.month1_emplvl, c.month2_emplvl, c.month3_emplvl, c.avg_emplvl, c.total_wages, c.avg_wkly_wage,
  {{safe_divide "c.avg_emplvl" "a.t_avg_emplvl"}} AS share_of_area_emplvl,
  {{safe_divide (safe_divide "c.estabs" "a.t_estabs") (safe_divide "r.estabs" "rt.t_estabs")}} AS lq_estabs,
  {{safe_divide (safe_divide "c.month1_emplvl" "a.t_month1") (safe_divide "r.month1_emplvl" "rt.t_month1")}} AS lq_month1_emplvl,
  {{safe_divide (safe_divide "c.month2_emplvl" "a.t_month2") (safe_divide "r.month2_emplvl" "rt.t_month2")}} AS lq_month2_emplvl,
  {{safe_divide (safe_divide "c.month3_emplvl" "a.t_month3") (safe_divide "r.month3_emplvl" "rt.t_month3")}} AS lq_month3_emplvl,
  {{safe_divide (safe_divide "c.avg_emplvl" "a.t_avg_emplvl") (safe_divide "r.avg_emplvl" "rt.t_avg_emplvl")}} AS lq_avg_emplvl,
  {{safe_divide (safe_divide "c.total_wages" "a.t_wages") (safe_divide "r.total_wages" "rt.t_wages")}} AS lq_total_wages,
  {{safe_divide (safe_divide "c.avg_wkly_wage" "a.t_aww") (safe_divide "r.avg_wkly_wage" "rt.t_aww")}} AS lq_avg_wkly_wage,
  CASE
    WHEN c.is_suppressed THEN 'cell suppressed'
    WHEN a.t_avg_emplvl IS NULL THEN 'area total not available'
    WHEN r.industry_code IS NULL THEN 'not in the reference area'
    WHEN r.is_suppressed THEN 'suppressed in the reference area'
    WHEN rt.t_avg_emplvl IS NULL THEN 'reference total not available'
  END AS lq_note,
  r.area_fips AS reference_area,
  c.oty_is_suppressed, c.oty_estabs_chg, c.oty_month3_emplvl_chg, c.oty_avg_emplvl_chg, c.oty_total_wages_chg
FROM cells AS c
LEFT JOIN area_totals AS a ON a.geo_id = c.geo_id AND a.year = c.year AND a.qtr = c.qtr
LEFT JOIN reference AS r ON r.own_code = c.own_code AND r.industry_code = c.industry_code AND r.year = c.year AND r.qtr = c.qtr
LEFT JOIN reference_totals AS rt ON rt.year = c.year AND rt.qtr = c.qtr
