-- stg_qcew: every QCEW cell loaded, quarterly and annual, typed and cleaned.
-- Grain: one row per area_fips × own_code × industry_code × size_code × year × qtr ('1'-'4', or 'A' for a year).
-- Sources: raw_qcew_quarterly, raw_qcew_annual.
-- Suppressed cells (disclosure_code N, or - for no data) are published by BLS with zeros for employment and
-- wages: here those are NULL and is_suppressed is true. Establishment counts are published even for suppressed
-- cells, so they are kept. Over-the-year changes are NULL where oty_disclosure_code is N (except establishments).
WITH quarterly AS (
  SELECT
    area_fips, own_code, industry_code, agglvl_code, size_code, year, qtr,
    disclosure_code, oty_disclosure_code, area_title, own_title, industry_title,
    qtrly_estabs AS estabs,
    month1_emplvl, month2_emplvl, month3_emplvl,
    (month1_emplvl + month2_emplvl + month3_emplvl) / 3.0 AS avg_emplvl,
    total_qtrly_wages AS total_wages,
    avg_wkly_wage,
    CAST(NULL AS {{type "float64"}}) AS avg_annual_pay,
    13 AS weeks,
    lq_disclosure_code,
    lq_month3_emplvl AS bls_lq_month3_emplvl,
    lq_avg_wkly_wage AS bls_lq_avg_wkly_wage,
    oty_qtrly_estabs_chg AS oty_estabs_chg,
    oty_month1_emplvl_chg, oty_month2_emplvl_chg, oty_month3_emplvl_chg,
    (oty_month1_emplvl_chg + oty_month2_emplvl_chg + oty_month3_emplvl_chg) / 3.0 AS oty_avg_emplvl_chg,
    oty_total_qtrly_wages_chg AS oty_total_wages_chg,
    oty_avg_wkly_wage_chg,
    _source_file
  FROM {{source "qcew_quarterly"}}
),
annual AS (
  SELECT
    area_fips, own_code, industry_code, agglvl_code, size_code, year, qtr,
    disclosure_code, oty_disclosure_code, area_title, own_title, industry_title,
    annual_avg_estabs AS estabs,
    CAST(NULL AS {{type "int64"}}) AS month1_emplvl,
    CAST(NULL AS {{type "int64"}}) AS month2_emplvl,
    CAST(NULL AS {{type "int64"}}) AS month3_emplvl,
    CAST(annual_avg_emplvl AS {{type "float64"}}) AS avg_emplvl,
    total_annual_wages AS total_wages,
    annual_avg_wkly_wage AS avg_wkly_wage,
    CAST(avg_annual_pay AS {{type "float64"}}) AS avg_annual_pay,
    52 AS weeks,
    lq_disclosure_code,
    CAST(NULL AS {{type "float64"}}) AS bls_lq_month3_emplvl,
    lq_annual_avg_wkly_wage AS bls_lq_avg_wkly_wage,
    oty_annual_avg_estabs_chg AS oty_estabs_chg,
    CAST(NULL AS {{type "int64"}}) AS oty_month1_emplvl_chg,
    CAST(NULL AS {{type "int64"}}) AS oty_month2_emplvl_chg,
    CAST(NULL AS {{type "int64"}}) AS oty_month3_emplvl_chg,
    CAST(oty_annual_avg_emplvl_chg AS {{type "float64"}}) AS oty_avg_emplvl_chg,
    oty_total_annual_wages_chg AS oty_total_wages_chg,
    oty_annual_avg_wkly_wage_chg AS oty_avg_wkly_wage_chg,
    _source_file
  FROM {{source "qcew_annual"}}
),
cells AS (
  SELECT * FROM quarterly
  UNION ALL
  SELECT * FROM annual
),
flagged AS (
  SELECT
    *,
    COALESCE(disclosure_code IN ('N', '-'), FALSE) AS suppressed,
    COALESCE(oty_disclosure_code IN ('N', '-'), FALSE) AS oty_suppressed
  FROM cells
)
SELECT
  area_fips,
  own_code,
  industry_code,
  agglvl_code,
  size_code,
  year,
  qtr,
  CASE WHEN qtr = 'A' THEN 'annual' ELSE 'quarterly' END AS periodicity,
  area_title,
  own_title,
  -- BLS titles carry the code ("NAICS 336 Transportation equipment manufacturing", "10 Total, all industries").
  CASE
    WHEN industry_title IS NULL THEN NULL
    WHEN STARTS_WITH(industry_title, 'NAICS ') THEN SUBSTR(industry_title, LENGTH('NAICS ' || industry_code || ' ') + 1)
    WHEN STARTS_WITH(industry_title, industry_code || ' ') THEN SUBSTR(industry_title, LENGTH(industry_code || ' ') + 1)
    ELSE industry_title
  END AS industry_title,
  suppressed AS is_suppressed,
  CASE WHEN suppressed THEN disclosure_code END AS suppression_reason,
  estabs,
  CASE WHEN suppressed THEN NULL ELSE month1_emplvl END AS month1_emplvl,
  CASE WHEN suppressed THEN NULL ELSE month2_emplvl END AS month2_emplvl,
  CASE WHEN suppressed THEN NULL ELSE month3_emplvl END AS month3_emplvl,
  CASE WHEN suppressed THEN NULL ELSE avg_emplvl END AS avg_emplvl,
  CASE WHEN suppressed THEN NULL ELSE total_wages END AS total_wages,
  CASE WHEN suppressed THEN NULL ELSE avg_wkly_wage END AS avg_wkly_wage,
  CASE WHEN suppressed THEN NULL ELSE avg_annual_pay END AS avg_annual_pay,
  weeks,
  CASE WHEN suppressed OR lq_disclosure_code IN ('N', '-') THEN NULL ELSE bls_lq_month3_emplvl END AS bls_lq_month3_emplvl,
  CASE WHEN suppressed OR lq_disclosure_code IN ('N', '-') THEN NULL ELSE bls_lq_avg_wkly_wage END AS bls_lq_avg_wkly_wage,
  oty_suppressed AS oty_is_suppressed,
  oty_estabs_chg,
  CASE WHEN oty_suppressed THEN NULL ELSE oty_month1_emplvl_chg END AS oty_month1_emplvl_chg,
  CASE WHEN oty_suppressed THEN NULL ELSE oty_month2_emplvl_chg END AS oty_month2_emplvl_chg,
  CASE WHEN oty_suppressed THEN NULL ELSE oty_month3_emplvl_chg END AS oty_month3_emplvl_chg,
  CASE WHEN oty_suppressed THEN NULL ELSE oty_avg_emplvl_chg END AS oty_avg_emplvl_chg,
  CASE WHEN oty_suppressed THEN NULL ELSE oty_total_wages_chg END AS oty_total_wages_chg,
  CASE WHEN oty_suppressed THEN NULL ELSE oty_avg_wkly_wage_chg END AS oty_avg_wkly_wage_chg,
  _source_file AS source_file
FROM flagged
