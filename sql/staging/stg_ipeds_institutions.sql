-- stg_ipeds_institutions: the IPEDS institution directory (HD) typed, with county FIPS as 5-digit text and the
-- parent/child reporting of completions.
-- Grain: one row per year × unitid. Sources: raw_ipeds_institutions (hd<year>), raw_ipeds_flags (flags<year>).
-- COUNTYCD is published as a number (1089 for county 01089) and -1/-2 when not reported or not applicable.
-- COUNTYCD is the county of the institution's own address: an institution that reports several campuses under
-- one UNITID is placed at its main campus. Parent/child reporting of completions (PRCH_C 1: the record includes
-- child campuses; 2: the child's completions are reported by the parent IDX_C) comes from the directory when it
-- carries those columns, else from the flags file of the same year, else from the latest flags file loaded.
WITH hd AS (
  SELECT
    year,
    TRIM(unitid) AS unitid,
    TRIM(instnm) AS institution_name,
    TRIM(city) AS city,
    TRIM(stabbr) AS state_abbr,
    NULLIF(TRIM(fips), '') AS fips,
    NULLIF(TRIM(countycd), '') AS countycd,
    NULLIF(TRIM(countynm), '') AS countynm,
    NULLIF(TRIM(sector), '') AS sector,
    NULLIF(TRIM(iclevel), '') AS iclevel,
    NULLIF(TRIM(control), '') AS control,
    NULLIF(TRIM(cyactive), '') AS cyactive,
    NULLIF(TRIM(f1systyp), '') AS f1systyp,
    NULLIF(TRIM(f1sysnam), '') AS f1sysnam,
    NULLIF(TRIM(f1syscod), '') AS f1syscod,
    NULLIF(TRIM(cbsa), '') AS cbsa,
    NULLIF(TRIM(prch_c), '') AS prch_c,
    NULLIF(TRIM(idx_c), '') AS idx_c,
    longitud,
    latitude,
    _vintage,
    _source_file
  FROM {{source "ipeds_institutions"}}
),
flags AS (
  SELECT
    year,
    TRIM(unitid) AS unitid,
    NULLIF(TRIM(prch_c), '') AS prch_c,
    NULLIF(TRIM(idx_c), '') AS idx_c
  FROM {{source "ipeds_flags"}}
),
latest_flags AS (
  SELECT f.unitid, f.prch_c, f.idx_c
  FROM flags AS f
  JOIN (SELECT MAX(year) AS year FROM flags) AS m ON m.year = f.year
),
parent_child AS (
  SELECT
    hd.*,
    COALESCE(hd.prch_c, fy.prch_c, fl.prch_c) AS prch_c_any,
    COALESCE(hd.idx_c, fy.idx_c, fl.idx_c) AS idx_c_any
  FROM hd
  LEFT JOIN flags AS fy ON fy.unitid = hd.unitid AND fy.year = hd.year
  LEFT JOIN latest_flags AS fl ON fl.unitid = hd.unitid
)
SELECT
  year,
  unitid,
  institution_name,
  city,
  state_abbr,
  CASE WHEN fips IS NULL OR fips LIKE '-%' THEN NULL ELSE LPAD(fips, 2, '0') END AS state_fips,
  CASE WHEN countycd IS NULL OR countycd LIKE '-%' THEN NULL ELSE LPAD(countycd, 5, '0') END AS county_fips,
  countynm AS county_name,
  sector,
  CASE control WHEN '1' THEN 'public' WHEN '2' THEN 'private not-for-profit' WHEN '3' THEN 'private for-profit' END AS control,
  CASE iclevel WHEN '1' THEN 'four-year or above' WHEN '2' THEN 'two-year' WHEN '3' THEN 'less than two-year' END AS institution_level,
  cyactive = '1' AS is_active,
  CASE f1systyp WHEN '1' THEN TRUE WHEN '2' THEN FALSE END AS in_system,
  CASE WHEN f1systyp = '1' AND f1sysnam NOT LIKE '-%' THEN f1sysnam END AS system_name,
  CASE WHEN f1systyp = '1' AND f1syscod NOT LIKE '-%' THEN f1syscod END AS system_code,
  CASE WHEN cbsa IS NULL OR cbsa LIKE '-%' THEN NULL ELSE cbsa END AS cbsa,
  CASE prch_c_any WHEN '1' THEN 'parent' WHEN '2' THEN 'child' END AS completions_parent_child,
  CASE
    WHEN prch_c_any = '2' AND idx_c_any IS NOT NULL AND idx_c_any NOT LIKE '-%' THEN LPAD(idx_c_any, 6, '0')
  END AS completions_parent_unitid,
  longitud AS longitude,
  latitude,
  _vintage AS vintage,
  _source_file AS source_file
FROM parent_child
