-- stg_oews_staffing: national staffing patterns, the share of each industry's employment in each detailed
-- occupation (OEWS national industry files: natsector, nat3d, nat4d, nat5d_6d, or the all-data file).
-- Grain: one row per year × naics × own_code × soc_code, detailed occupations only.
-- Sources: stg_oews (national rows of industries other than cross-industry).
-- pct_total is OEWS's PCT_TOTAL, "percent of industry employment in the given occupation"; it is empty (flag
-- employment_not_available) where OEWS does not publish the occupation separately, so the detailed shares of an
-- industry add up to a little under 100 (detailed_pct_sum; 99.73 for manufacturing in May 2024).
WITH detailed AS (
  SELECT *
  FROM {{ref "stg_oews"}}
  WHERE area_code = '99' AND naics <> '000000' AND o_group = 'detailed'
),
industry_totals AS (
  SELECT year, naics, own_code, MAX(tot_emp) AS industry_tot_emp
  FROM {{ref "stg_oews"}}
  WHERE area_code = '99' AND naics <> '000000' AND soc_code = '00-0000'
  GROUP BY year, naics, own_code
)
SELECT
  d.year,
  d.naics,
  d.naics_title,
  d.i_group,
  d.own_code,
  d.qcew_naics,
  d.soc_code,
  d.soc_title,
  d.pct_total,
  d.pct_total_flag,
  d.tot_emp,
  d.tot_emp_flag,
  d.pct_rpt,
  d.pct_rpt_flag,
  t.industry_tot_emp,
  SUM(d.pct_total) OVER (PARTITION BY d.year, d.naics, d.own_code) AS detailed_pct_sum,
  COUNT(*) OVER (PARTITION BY d.year, d.naics, d.own_code) AS n_detailed,
  COUNT(d.pct_total) OVER (PARTITION BY d.year, d.naics, d.own_code) AS n_detailed_published,
  d.source_file
FROM detailed AS d
LEFT JOIN industry_totals AS t ON t.year = d.year AND t.naics = d.naics AND t.own_code = d.own_code
