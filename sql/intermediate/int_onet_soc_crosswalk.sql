-- int_onet_soc_crosswalk: which SOC occupations rated by O*NET stand for each occupation code the demand
-- data use (OEWS and Employment Projections codes, and O*NET's own SOC codes).
-- Grain: one row per soc_code × rated_soc_code. Sources: stg_onet_occupations, stg_onet_ratings,
-- stg_onet_job_zones (O*NET's SOC codes), stg_oews, stg_oews_staffing, stg_ep_occupations (codes published).
-- A code O*NET has stands for itself. OEWS and the projections publish some occupations as aggregates O*NET
-- splits: 51-2090 Miscellaneous Assemblers and Fabricators (O*NET 51-2092, 51-2099), 51-2028 Electrical,
-- Electronic, and Electromechanical Assemblers, Except Coil Winders (O*NET 51-2022, 51-2023), 13-1020,
-- 21-1018, 53-1047, ... Such a code stands for the O*NET codes of its SOC group (the same first six
-- characters) that are not published separately (51-2028 leaves out 51-2021 Coil Winders, which OEWS
-- publishes); when every one is, for all of them.
WITH onet AS (
  SELECT DISTINCT soc_code FROM (
    SELECT soc_code FROM {{ref "stg_onet_occupations"}}
    UNION ALL
    SELECT soc_code FROM {{ref "stg_onet_ratings"}}
    UNION ALL
    SELECT soc_code FROM {{ref "stg_onet_job_zones"}}
  ) AS o
),
published AS (
  SELECT DISTINCT soc_code FROM (
    SELECT soc_code FROM {{ref "stg_oews"}} WHERE o_group = 'detailed'
    UNION ALL
    SELECT soc_code FROM {{ref "stg_oews_staffing"}}
    UNION ALL
    SELECT soc_code FROM {{ref "stg_ep_occupations"}} WHERE is_line_item
  ) AS p
  WHERE soc_code IS NOT NULL AND LENGTH(soc_code) = 7 AND SUBSTR(soc_code, 3, 1) = '-'
),
aggregates AS (
  SELECT soc_code FROM published
  WHERE soc_code NOT IN (SELECT soc_code FROM onet)
),
candidates AS (
  SELECT
    a.soc_code,
    o.soc_code AS rated_soc_code,
    CASE WHEN o.soc_code IN (SELECT soc_code FROM published) THEN 0 ELSE 1 END AS unpublished
  FROM aggregates AS a
  JOIN onet AS o ON SUBSTR(o.soc_code, 1, 6) = SUBSTR(a.soc_code, 1, 6)
),
group_flags AS (
  SELECT soc_code, MAX(unpublished) AS any_unpublished, COUNT(*) AS in_group
  FROM candidates
  GROUP BY soc_code
)
SELECT soc_code, soc_code AS rated_soc_code, 'same_code' AS match
FROM onet
UNION ALL
SELECT c.soc_code, c.rated_soc_code, 'soc_group' AS match
FROM candidates AS c
JOIN group_flags AS g ON g.soc_code = c.soc_code
WHERE c.unpublished = 1 OR g.any_unpublished = 0
