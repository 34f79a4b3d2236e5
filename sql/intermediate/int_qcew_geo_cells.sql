-- int_qcew_geo_cells: QCEW cells of the partnership region and of each of its counties.
-- Grain: one row per geo_id × own_code × industry_code × year × qtr, all establishment sizes.
-- Sources: stg_qcew, the region's counties and settings.
-- The region is the sum of its counties. A region cell is suppressed when any county's cell is: its sum
-- would otherwise pass a partial total off as the whole. A county with no row has no such industry (0).
-- Establishment counts are published even for suppressed cells, so they always add up.
WITH counties AS (
  SELECT DISTINCT county_fips FROM {{source "region_counties"}}
),
settings AS (
  SELECT region_name FROM {{source "settings"}}
),
cells AS (
  SELECT q.*
  FROM {{ref "stg_qcew"}} AS q
  JOIN counties AS c ON q.area_fips = c.county_fips
  WHERE q.size_code = '0'
),
county_cells AS (
  SELECT
    'county' AS geo_type,
    area_fips AS geo_id,
    COALESCE(area_title, area_fips) AS geo_name,
    own_code, industry_code, year, qtr, weeks,
    1 AS n_areas,
    CASE WHEN is_suppressed THEN 1 ELSE 0 END AS n_areas_suppressed,
    CASE WHEN oty_is_suppressed THEN 1 ELSE 0 END AS n_areas_oty_suppressed,
    estabs, month1_emplvl, month2_emplvl, month3_emplvl, avg_emplvl, total_wages,
    oty_estabs_chg, oty_month3_emplvl_chg, oty_avg_emplvl_chg, oty_total_wages_chg
  FROM cells
),
region_cells AS (
  SELECT
    'region' AS geo_type,
    'region' AS geo_id,
    MAX(settings.region_name) AS geo_name,
    own_code, industry_code, year, qtr, weeks,
    COUNT(*) AS n_areas,
    SUM(CASE WHEN is_suppressed THEN 1 ELSE 0 END) AS n_areas_suppressed,
    SUM(CASE WHEN oty_is_suppressed THEN 1 ELSE 0 END) AS n_areas_oty_suppressed,
    SUM(estabs) AS estabs,
    SUM(month1_emplvl) AS month1_emplvl,
    SUM(month2_emplvl) AS month2_emplvl,
    SUM(month3_emplvl) AS month3_emplvl,
    SUM(avg_emplvl) AS avg_emplvl,
    SUM(total_wages) AS total_wages,
    SUM(oty_estabs_chg) AS oty_estabs_chg,
    SUM(oty_month3_emplvl_chg) AS oty_month3_emplvl_chg,
    SUM(oty_avg_emplvl_chg) AS oty_avg_emplvl_chg,
    SUM(oty_total_wages_chg) AS oty_total_wages_chg
  FROM cells
  CROSS JOIN settings
  GROUP BY own_code, industry_code, year, qtr, weeks
),
all_cells AS (
  SELECT * FROM region_cells
  UNION ALL
  SELECT * FROM county_cells
)
SELECT
  geo_type, geo_id, geo_name, own_code, industry_code, year, qtr, weeks,
  n_areas, n_areas_suppressed, n_areas_oty_suppressed,
  n_areas_suppressed > 0 AS is_suppressed,
  estabs,
  CASE WHEN n_areas_suppressed > 0 THEN NULL ELSE month1_emplvl END AS month1_emplvl,
  CASE WHEN n_areas_suppressed > 0 THEN NULL ELSE month2_emplvl END AS month2_emplvl,
  CASE WHEN n_areas_suppressed > 0 THEN NULL ELSE month3_emplvl END AS month3_emplvl,
  CASE WHEN n_areas_suppressed > 0 THEN NULL ELSE avg_emplvl END AS avg_emplvl,
  CASE WHEN n_areas_suppressed > 0 THEN NULL ELSE total_wages END AS total_wages,
  n_areas_oty_suppressed > 0 AS oty_is_suppressed,
  oty_estabs_chg,
  CASE WHEN n_areas_oty_suppressed > 0 THEN NULL ELSE oty_month3_emplvl_chg END AS oty_month3_emplvl_chg,
  CASE WHEN n_areas_oty_suppressed > 0 THEN NULL ELSE oty_avg_emplvl_chg END AS oty_avg_emplvl_chg,
  CASE WHEN n_areas_oty_suppressed > 0 THEN NULL ELSE oty_total_wages_chg END AS oty_total_wages_chg
FROM all_cells
