-- stg_onet_related: O*NET's curated related occupations (Related Occupations), with SOC codes on both sides.
-- Grain: one row per onet_soc_code × related_onet_soc_code. Sources: raw_onet_related, stg_onet_occupations.
-- O*NET lists 20 related occupations per occupation in three tiers: Primary-Short (the 5 closest),
-- Primary-Long (the next 5) and Supplemental (10 more); Index orders them (1 = most related).
SELECT
  TRIM(r.onet_soc_code) AS onet_soc_code,
  SUBSTR(TRIM(r.onet_soc_code), 1, 7) AS soc_code,
  COALESCE(o.title, TRIM(r.title)) AS title,
  TRIM(r.related_onet_soc_code) AS related_onet_soc_code,
  SUBSTR(TRIM(r.related_onet_soc_code), 1, 7) AS related_soc_code,
  COALESCE(ro.title, TRIM(r.related_title)) AS related_title,
  TRIM(r.relatedness_tier) AS relatedness_tier,
  CASE TRIM(r.relatedness_tier)
    WHEN 'Primary-Short' THEN 1
    WHEN 'Primary-Long' THEN 2
    WHEN 'Supplemental' THEN 3
  END AS tier_rank,
  r.related_index
FROM {{source "onet_related"}} AS r
LEFT JOIN {{ref "stg_onet_occupations"}} AS o ON o.onet_soc_code = TRIM(r.onet_soc_code)
LEFT JOIN {{ref "stg_onet_occupations"}} AS ro ON ro.onet_soc_code = TRIM(r.related_onet_soc_code)
WHERE r.onet_soc_code IS NOT NULL AND r.related_onet_soc_code IS NOT NULL
