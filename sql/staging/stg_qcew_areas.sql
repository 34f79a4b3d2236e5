-- stg_qcew_areas: QCEW area codes and titles (BLS area_titles.csv), with the kind of area each code is.
-- Grain: one row per area_fips. Sources: raw_qcew_area_titles.
-- Codes: US000 the nation; USCMS, USMSA, USNMS national combinations; SS000 a state; SS999 a state's unknown or
-- undefined county; SSCCC a county; C + 4 digits a metropolitan or micropolitan area (CBSA code without its last
-- digit); CS + 3 digits a combined statistical area.
WITH raw AS (
  SELECT TRIM(area_fips) AS area_fips, TRIM(area_title) AS area_title
  FROM {{source "qcew_area_titles"}}
)
SELECT
  area_fips,
  area_title,
  CASE
    WHEN area_fips = 'US000' THEN 'national'
    WHEN SUBSTR(area_fips, 1, 2) = 'US' THEN 'national combination'
    WHEN SUBSTR(area_fips, 1, 2) = 'CS' THEN 'csa'
    WHEN SUBSTR(area_fips, 1, 1) = 'C' AND area_title LIKE '%MicroSA' THEN 'micropolitan'
    WHEN SUBSTR(area_fips, 1, 1) = 'C' THEN 'metropolitan'
    WHEN SUBSTR(area_fips, 3, 3) = '000' THEN 'state'
    WHEN SUBSTR(area_fips, 3, 3) = '999' THEN 'county unknown'
    ELSE 'county'
  END AS area_type,
  CASE WHEN {{safe_cast "area_fips" "int64"}} IS NOT NULL THEN SUBSTR(area_fips, 1, 2) END AS state_fips
FROM raw
