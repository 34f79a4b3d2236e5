-- int_survey_frame: the population each survey wave is weighted to: the region's private establishments and
-- employment (QCEW) in each industry group under the partnership industry, at the strata's NAICS digits,
-- in the latest quarter loaded of the wave's frame year (the annual average when only annual data are loaded).
-- Grain: one row per wave × industry_code; kind 'stratum' for the groups, 'total' for the configured codes.
-- Sources: int_qcew_geo_cells, the survey waves, the industry selection and the strata digits.
WITH waves AS (
  SELECT wave, frame_year FROM {{source "survey_waves"}}
),
periods AS (
  SELECT w.wave, w.frame_year AS year, COALESCE(MAX(CASE WHEN c.qtr <> 'A' THEN c.qtr END), 'A') AS qtr
  FROM waves AS w
  JOIN {{ref "int_qcew_geo_cells"}} AS c ON c.year = w.frame_year AND c.geo_type = 'region'
  GROUP BY w.wave, w.frame_year
),
selection AS (
  SELECT DISTINCT naics_code, prefix FROM {{source "industry_selection"}}
),
digits AS (
  SELECT strata_digits FROM {{source "survey_settings"}}
),
cells AS (
  SELECT
    p.wave, p.year, p.qtr, c.industry_code, c.estabs, c.is_suppressed,
    CASE WHEN p.qtr = 'A' THEN c.avg_emplvl ELSE c.month3_emplvl END AS employment
  FROM periods AS p
  JOIN {{ref "int_qcew_geo_cells"}} AS c
    ON c.geo_type = 'region' AND c.own_code = '5' AND c.year = p.year AND c.qtr = p.qtr
)
SELECT c.wave, c.year, c.qtr, 'stratum' AS kind, c.industry_code, s.naics_code AS partnership_naics,
       c.estabs, c.employment, c.is_suppressed
FROM cells AS c
CROSS JOIN digits AS d
JOIN selection AS s
  ON STARTS_WITH(c.industry_code, s.prefix) AND NOT STRPOS(c.industry_code, '-') > 0
 AND LENGTH(c.industry_code) = d.strata_digits AND LENGTH(c.industry_code) > LENGTH(s.prefix)
UNION ALL
SELECT c.wave, c.year, c.qtr, 'total' AS kind, c.industry_code, s.naics_code AS partnership_naics,
       c.estabs, c.employment, c.is_suppressed
FROM cells AS c
JOIN (SELECT DISTINCT naics_code FROM selection) AS s ON c.industry_code = s.naics_code
