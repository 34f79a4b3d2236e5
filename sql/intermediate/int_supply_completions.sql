-- int_supply_completions: the completions counted as the region's supply, by institution, program and award level.
-- Grain: one row per unitid × cip_code × award_level. Sources: stg_ipeds_completions, int_supply_institutions,
-- award_levels, stg_cip_codes, stg_cip_soc.
-- Counted: the latest year loaded, first majors only (MAJORNUM 1: a second major is a person already counted
-- once), 6-digit programs (never the CIP 99 total or 2-digit subtotals), the configured award levels. Award level
-- 1 (certificate under one year) was split in 2019-20 into 20 (under 12 weeks) and 21 (12 weeks to one year), so
-- a configured 1 also counts 20 and 21.
WITH latest AS (
  SELECT MAX(year) AS year FROM {{ref "stg_ipeds_completions"}} WHERE is_program
),
levels AS (
  SELECT DISTINCT award_level FROM {{source "award_levels"}}
),
crosswalk AS (
  SELECT
    cip_code,
    MAX(CASE WHEN is_link THEN 1 ELSE 0 END) = 1 AS has_link,
    MAX(CASE WHEN program_without_occupation THEN 1 ELSE 0 END) = 1 AS no_match,
    MIN(cip_title) AS cip_title
  FROM {{ref "stg_cip_soc"}}
  GROUP BY cip_code
)
SELECT
  c.year,
  c.academic_year,
  c.unitid,
  i.institution_name,
  c.cip_code,
  COALESCE(cc.cip_title, x.cip_title) AS cip_title,
  c.award_level,
  c.award_level_name,
  c.completions,
  CASE
    WHEN x.has_link THEN 'linked'
    WHEN x.no_match THEN 'no occupation'
    ELSE 'not in crosswalk'
  END AS crosswalk_status
FROM {{ref "stg_ipeds_completions"}} AS c
JOIN latest AS y ON y.year = c.year
JOIN {{ref "int_supply_institutions"}} AS i ON i.unitid = c.unitid
LEFT JOIN {{ref "stg_cip_codes"}} AS cc ON cc.cip_code = c.cip_code
LEFT JOIN crosswalk AS x ON x.cip_code = c.cip_code
WHERE c.is_program
  AND c.majornum = 1
  AND EXISTS (
    SELECT 1 FROM levels AS l
    WHERE l.award_level = c.award_level OR (l.award_level = 1 AND c.award_level IN (20, 21))
  )
