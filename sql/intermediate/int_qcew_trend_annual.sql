-- int_qcew_trend_annual: annual values of the region, its counties and the reference area, one row per year.
-- Grain: one row per geo_type × geo_id × own_code × industry_code × year, for the configured ownerships and the
-- all-industry, all-ownership total (own_code 0, industry 10), all establishment sizes.
-- Sources: int_qcew_geo_cells (region and counties), stg_qcew (the reference area), settings, ownerships.
-- A year comes from the annual file when one is loaded for the area and year (annual_basis 'annual file').
-- Otherwise from quarterly files, and only when all four quarters of the year are loaded for the area
-- ('mean of 4 quarters'): average employment and establishments are the mean of the four quarters, wages their
-- sum, and the over-the-year changes the mean (sum for wages) of the four quarters' changes, which is what BLS's
-- annual averages are. A year with fewer quarters is kept with empty values ('quarters incomplete').
-- In a year whose four quarters are loaded, a cell with no row in a quarter had no establishments then (BLS
-- writes no row), so it counts as zero for that quarter; its over-the-year change stays empty.
-- Suppressed quarters are never zeros: one suppressed quarter leaves the year's value empty.
WITH settings AS (
  SELECT reference_area FROM {{source "settings"}}
),
owners AS (
  SELECT DISTINCT own_code FROM {{source "ownership"}}
),
geo_cells AS (
  SELECT
    geo_type, geo_id, geo_name, own_code, industry_code, year, qtr,
    n_areas, n_areas_suppressed, is_suppressed,
    CAST(estabs AS {{type "float64"}}) AS estabs,
    CAST(avg_emplvl AS {{type "float64"}}) AS avg_emplvl,
    CAST(total_wages AS {{type "float64"}}) AS total_wages,
    oty_is_suppressed,
    CAST(oty_estabs_chg AS {{type "float64"}}) AS oty_estabs_chg,
    CAST(oty_avg_emplvl_chg AS {{type "float64"}}) AS oty_avg_emplvl_chg,
    CAST(oty_total_wages_chg AS {{type "float64"}}) AS oty_total_wages_chg
  FROM {{ref "int_qcew_geo_cells"}}
),
reference_cells AS (
  SELECT
    'reference' AS geo_type,
    q.area_fips AS geo_id,
    COALESCE(q.area_title, q.area_fips) AS geo_name,
    q.own_code, q.industry_code, q.year, q.qtr,
    1 AS n_areas,
    CASE WHEN q.is_suppressed THEN 1 ELSE 0 END AS n_areas_suppressed,
    q.is_suppressed,
    CAST(q.estabs AS {{type "float64"}}) AS estabs,
    CAST(q.avg_emplvl AS {{type "float64"}}) AS avg_emplvl,
    CAST(q.total_wages AS {{type "float64"}}) AS total_wages,
    q.oty_is_suppressed OR q.is_suppressed AS oty_is_suppressed,
    CAST(q.oty_estabs_chg AS {{type "float64"}}) AS oty_estabs_chg,
    CAST(CASE WHEN q.is_suppressed THEN NULL ELSE q.oty_avg_emplvl_chg END AS {{type "float64"}}) AS oty_avg_emplvl_chg,
    CAST(CASE WHEN q.is_suppressed THEN NULL ELSE q.oty_total_wages_chg END AS {{type "float64"}}) AS oty_total_wages_chg
  FROM {{ref "stg_qcew"}} AS q
  JOIN settings AS s ON q.area_fips = s.reference_area
  WHERE q.size_code = '0'
),
all_cells AS (
  SELECT * FROM geo_cells
  UNION ALL
  SELECT * FROM reference_cells
),
cells AS (
  SELECT *
  FROM all_cells
  WHERE (own_code = '0' AND industry_code = '10') OR own_code IN (SELECT own_code FROM owners)
),
-- Quarters loaded for an area and year: any row of the area counts, whatever its industry.
geo_quarters AS (
  SELECT geo_type, geo_id, year, COUNT(DISTINCT qtr) AS n_quarters_loaded
  FROM all_cells
  WHERE qtr <> 'A'
  GROUP BY geo_type, geo_id, year
),
annual AS (
  SELECT
    geo_type, geo_id, geo_name, own_code, industry_code, year,
    'annual file' AS annual_basis,
    CAST(NULL AS {{type "int64"}}) AS n_quarters_loaded,
    n_areas, n_areas_suppressed,
    CASE WHEN is_suppressed THEN 1 ELSE 0 END AS n_periods_suppressed,
    is_suppressed, estabs, avg_emplvl, total_wages,
    oty_is_suppressed, oty_estabs_chg, oty_avg_emplvl_chg, oty_total_wages_chg
  FROM cells
  WHERE qtr = 'A'
),
annual_years AS (
  SELECT DISTINCT geo_type, geo_id, year FROM annual
),
from_quarters AS (
  SELECT
    c.geo_type, c.geo_id, MAX(c.geo_name) AS geo_name, c.own_code, c.industry_code, c.year,
    CASE WHEN g.n_quarters_loaded = 4 THEN 'mean of 4 quarters' ELSE 'quarters incomplete' END AS annual_basis,
    g.n_quarters_loaded,
    MAX(c.n_areas) AS n_areas,
    MAX(c.n_areas_suppressed) AS n_areas_suppressed,
    SUM(CASE WHEN c.is_suppressed THEN 1 ELSE 0 END) AS n_periods_suppressed,
    SUM(CASE WHEN c.is_suppressed THEN 1 ELSE 0 END) > 0 AS is_suppressed,
    CASE WHEN g.n_quarters_loaded = 4 AND COUNT(c.estabs) = COUNT(*) THEN SUM(c.estabs) / 4.0 END AS estabs,
    CASE WHEN g.n_quarters_loaded = 4 AND COUNT(c.avg_emplvl) = COUNT(*) THEN SUM(c.avg_emplvl) / 4.0 END AS avg_emplvl,
    CASE WHEN g.n_quarters_loaded = 4 AND COUNT(c.total_wages) = COUNT(*) THEN SUM(c.total_wages) END AS total_wages,
    SUM(CASE WHEN c.oty_is_suppressed THEN 1 ELSE 0 END) > 0 AS oty_is_suppressed,
    CASE WHEN g.n_quarters_loaded = 4 AND COUNT(c.oty_estabs_chg) = 4 THEN SUM(c.oty_estabs_chg) / 4.0 END AS oty_estabs_chg,
    CASE WHEN g.n_quarters_loaded = 4 AND COUNT(c.oty_avg_emplvl_chg) = 4 THEN SUM(c.oty_avg_emplvl_chg) / 4.0 END AS oty_avg_emplvl_chg,
    CASE WHEN g.n_quarters_loaded = 4 AND COUNT(c.oty_total_wages_chg) = 4 THEN SUM(c.oty_total_wages_chg) END AS oty_total_wages_chg
  FROM cells AS c
  JOIN geo_quarters AS g ON g.geo_type = c.geo_type AND g.geo_id = c.geo_id AND g.year = c.year
  WHERE c.qtr <> 'A'
  GROUP BY c.geo_type, c.geo_id, c.own_code, c.industry_code, c.year, g.n_quarters_loaded
),
combined AS (
  SELECT
    geo_type, geo_id, geo_name, own_code, industry_code, year, annual_basis, n_quarters_loaded,
    n_areas, n_areas_suppressed, n_periods_suppressed, is_suppressed, estabs, avg_emplvl, total_wages,
    oty_is_suppressed, oty_estabs_chg, oty_avg_emplvl_chg, oty_total_wages_chg
  FROM annual
  UNION ALL
  SELECT
    q.geo_type, q.geo_id, q.geo_name, q.own_code, q.industry_code, q.year, q.annual_basis, q.n_quarters_loaded,
    q.n_areas, q.n_areas_suppressed, q.n_periods_suppressed, q.is_suppressed, q.estabs, q.avg_emplvl, q.total_wages,
    q.oty_is_suppressed, q.oty_estabs_chg, q.oty_avg_emplvl_chg, q.oty_total_wages_chg
  FROM from_quarters AS q
  LEFT JOIN annual_years AS a ON a.geo_type = q.geo_type AND a.geo_id = q.geo_id AND a.year = q.year
  WHERE a.geo_id IS NULL
)
SELECT
  geo_type, geo_id, geo_name, own_code, industry_code, year, annual_basis, n_quarters_loaded,
  n_areas, n_areas_suppressed, n_periods_suppressed, is_suppressed,
  estabs, avg_emplvl, total_wages,
  {{safe_divide "total_wages" "avg_emplvl * 52"}} AS avg_wkly_wage,
  oty_is_suppressed, oty_estabs_chg, oty_avg_emplvl_chg, oty_total_wages_chg
FROM combined
