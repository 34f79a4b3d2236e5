-- stg_oews: every OEWS occupation row loaded (national, state, metro, all-data and national industry files), typed.
-- Grain: one row per year × area_code × naics × own_code × soc_code × o_group (a file lists an occupation OEWS
-- aggregated to the broad level twice, once as "broad" and once as "detailed"). When two loaded files hold the
-- same row (natsector and all-data, say), the row of the first file by name is kept: BLS publishes the same
-- estimate in both.
-- Sources: raw_oews.
-- Special values become NULL with a flag naming why: * wage_not_available, ** employment_not_available,
-- ~ under_0.5_percent (of establishments reporting). # is a wage at or above the year's top-code: the value
-- is the top-code, a lower bound, flagged top_coded. Thousands separators are dropped from numbers.
-- qcew_naics is the QCEW industry code the OEWS industry is: 000000 cross-industry is QCEW 10 (all
-- industries), sector 31 is 31-33 (44 is 44-45, 48 is 48-49), codes padded to six digits lose the padding
-- (336000 is 336, 336100 is 3361; 6-digit industries keep all six), and OEWS-specific aggregates (3250A1) and
-- the OEWS government sector 99 have none.
WITH top_codes AS (
  -- Top-codes of the OEWS field descriptions: $100.00/$208,000 (May 2016, 2019-2021), $115.00/$239,200 (May
  -- 2022, 2023, 2025; the 2024 files top-code at the same values). May 2014-2015 (no field descriptions among
  -- the files) top-code at $90.00/$187,200: their largest published percentiles are $89.77/$186,720.
  SELECT 2014 AS first_year, 2015 AS last_year, 90.0 AS hourly, 187200.0 AS annual
  UNION ALL SELECT 2016, 2021, 100.0, 208000.0
  UNION ALL SELECT 2022, 2025, 115.0, 239200.0
),
keyed AS (
  SELECT
    TRIM(r.year) AS year_text,
    TRIM(r.area) AS area_text,
    TRIM(r.area_title) AS area_title,
    TRIM(r.area_type) AS area_type_text,
    TRIM(r.prim_state) AS prim_state,
    TRIM(r.naics) AS naics_text,
    TRIM(r.naics_title) AS naics_title,
    LOWER(TRIM(r.i_group)) AS i_group_text,
    TRIM(r.own_code) AS own_code,
    TRIM(r.occ_code) AS soc_code,
    TRIM(r.occ_title) AS soc_title,
    LOWER(TRIM(r.o_group)) AS o_group,
    TRIM(r.tot_emp) AS tot_emp, TRIM(r.emp_prse) AS emp_prse, TRIM(r.jobs_1000) AS jobs_1000,
    TRIM(r.loc_quotient) AS loc_quotient, TRIM(r.pct_total) AS pct_total, TRIM(r.pct_rpt) AS pct_rpt,
    TRIM(r.h_mean) AS h_mean, TRIM(r.a_mean) AS a_mean, TRIM(r.mean_prse) AS mean_prse,
    TRIM(r.h_pct10) AS h_pct10, TRIM(r.h_pct25) AS h_pct25, TRIM(r.h_median) AS h_median,
    TRIM(r.h_pct75) AS h_pct75, TRIM(r.h_pct90) AS h_pct90,
    TRIM(r.a_pct10) AS a_pct10, TRIM(r.a_pct25) AS a_pct25, TRIM(r.a_median) AS a_median,
    TRIM(r.a_pct75) AS a_pct75, TRIM(r.a_pct90) AS a_pct90,
    UPPER(TRIM(r.annual)) AS annual, UPPER(TRIM(r.hourly)) AS hourly,
    t.hourly AS top_code_hourly,
    t.annual AS top_code_annual,
    r._vintage,
    r._source_file
  FROM {{source "oews"}} AS r
  LEFT JOIN top_codes AS t
    ON {{safe_cast "TRIM(r.year)" "int64"}} BETWEEN t.first_year AND t.last_year
),
coded AS (
  SELECT
    *,
    -- Workbooks may hold codes as numbers: "000000" reads as 0, state "01" as 1.
    CASE WHEN naics_text <> '' AND RTRIM(naics_text, '0') = '' THEN '000000' ELSE naics_text END AS naics_code,
    CASE
      WHEN area_type_text IN ('2', '3') THEN LPAD(area_text, 2, '0')
      WHEN area_type_text = '4' THEN LPAD(area_text, 5, '0')
      WHEN area_type_text = '6' THEN LPAD(area_text, 7, '0')
      ELSE area_text
    END AS area_code
  FROM keyed
),
deduplicated AS (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY year_text, area_code, naics_code, own_code, soc_code, o_group
      ORDER BY _source_file, i_group_text
    ) AS copy_no
  FROM coded
),
industry AS (
  SELECT
    *,
    -- The code without OEWS's six-digit padding; 6-digit industries may end in 0 (236220) and keep it.
    CASE
      WHEN naics_code = '000000' THEN '10'
      WHEN STRPOS(naics_code, '-') > 0 THEN naics_code
      WHEN {{safe_cast "naics_code" "int64"}} IS NULL THEN NULL
      WHEN i_group_text = '6-digit' THEN naics_code
      ELSE RTRIM(naics_code, '0')
    END AS naics_digits
  FROM deduplicated
  WHERE copy_no = 1
)
SELECT
  year_text AS year,
  area_code,
  area_title,
  area_type_text AS area_type,
  prim_state,
  naics_code AS naics,
  naics_title,
  i_group_text AS i_group,
  own_code,
  CASE
    WHEN naics_digits IN ('31', '32', '33') THEN '31-33'
    WHEN naics_digits IN ('44', '45') THEN '44-45'
    WHEN naics_digits IN ('48', '49') THEN '48-49'
    WHEN naics_digits = '99' THEN NULL
    WHEN LENGTH(naics_digits) < 2 THEN NULL
    ELSE naics_digits
  END AS qcew_naics,
  soc_code,
  soc_title,
  o_group,
  -- Employment and shares.
  {{safe_cast "REPLACE(tot_emp, ',', '')" "float64"}} AS tot_emp,
  CASE tot_emp WHEN '**' THEN 'employment_not_available' END AS tot_emp_flag,
  {{safe_cast "REPLACE(emp_prse, ',', '')" "float64"}} AS emp_prse,
  {{safe_cast "REPLACE(jobs_1000, ',', '')" "float64"}} AS jobs_1000,
  {{safe_cast "REPLACE(loc_quotient, ',', '')" "float64"}} AS loc_quotient,
  {{safe_cast "REPLACE(pct_total, ',', '')" "float64"}} AS pct_total,
  CASE pct_total WHEN '**' THEN 'employment_not_available' WHEN '~' THEN 'under_0.5_percent' END AS pct_total_flag,
  {{safe_cast "REPLACE(pct_rpt, ',', '')" "float64"}} AS pct_rpt,
  CASE pct_rpt WHEN '**' THEN 'employment_not_available' WHEN '~' THEN 'under_0.5_percent' END AS pct_rpt_flag,
  -- Wages: # is the top-code (a lower bound).
  CASE WHEN h_mean = '#' THEN top_code_hourly ELSE {{safe_cast "REPLACE(h_mean, ',', '')" "float64"}} END AS h_mean,
  CASE h_mean WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS h_mean_flag,
  CASE WHEN a_mean = '#' THEN top_code_annual ELSE {{safe_cast "REPLACE(a_mean, ',', '')" "float64"}} END AS a_mean,
  CASE a_mean WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS a_mean_flag,
  {{safe_cast "REPLACE(mean_prse, ',', '')" "float64"}} AS mean_prse,
  CASE WHEN h_pct10 = '#' THEN top_code_hourly ELSE {{safe_cast "REPLACE(h_pct10, ',', '')" "float64"}} END AS h_pct10,
  CASE h_pct10 WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS h_pct10_flag,
  CASE WHEN h_pct25 = '#' THEN top_code_hourly ELSE {{safe_cast "REPLACE(h_pct25, ',', '')" "float64"}} END AS h_pct25,
  CASE h_pct25 WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS h_pct25_flag,
  CASE WHEN h_median = '#' THEN top_code_hourly ELSE {{safe_cast "REPLACE(h_median, ',', '')" "float64"}} END AS h_median,
  CASE h_median WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS h_median_flag,
  CASE WHEN h_pct75 = '#' THEN top_code_hourly ELSE {{safe_cast "REPLACE(h_pct75, ',', '')" "float64"}} END AS h_pct75,
  CASE h_pct75 WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS h_pct75_flag,
  CASE WHEN h_pct90 = '#' THEN top_code_hourly ELSE {{safe_cast "REPLACE(h_pct90, ',', '')" "float64"}} END AS h_pct90,
  CASE h_pct90 WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS h_pct90_flag,
  CASE WHEN a_pct10 = '#' THEN top_code_annual ELSE {{safe_cast "REPLACE(a_pct10, ',', '')" "float64"}} END AS a_pct10,
  CASE a_pct10 WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS a_pct10_flag,
  CASE WHEN a_pct25 = '#' THEN top_code_annual ELSE {{safe_cast "REPLACE(a_pct25, ',', '')" "float64"}} END AS a_pct25,
  CASE a_pct25 WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS a_pct25_flag,
  CASE WHEN a_median = '#' THEN top_code_annual ELSE {{safe_cast "REPLACE(a_median, ',', '')" "float64"}} END AS a_median,
  CASE a_median WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS a_median_flag,
  CASE WHEN a_pct75 = '#' THEN top_code_annual ELSE {{safe_cast "REPLACE(a_pct75, ',', '')" "float64"}} END AS a_pct75,
  CASE a_pct75 WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS a_pct75_flag,
  CASE WHEN a_pct90 = '#' THEN top_code_annual ELSE {{safe_cast "REPLACE(a_pct90, ',', '')" "float64"}} END AS a_pct90,
  CASE a_pct90 WHEN '*' THEN 'wage_not_available' WHEN '**' THEN 'employment_not_available' WHEN '#' THEN 'top_coded' END
    AS a_pct90_flag,
  COALESCE(annual = 'TRUE', FALSE) AS annual_only,
  COALESCE(hourly = 'TRUE', FALSE) AS hourly_only,
  top_code_hourly,
  top_code_annual,
  COALESCE(
    '#' IN (h_mean, a_mean, h_pct10, h_pct25, h_median, h_pct75, h_pct90, a_pct10, a_pct25, a_median, a_pct75, a_pct90),
    FALSE
  ) AS top_coded,
  _vintage AS vintage,
  _source_file AS source_file
FROM industry
