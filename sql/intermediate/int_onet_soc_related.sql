-- int_onet_soc_related: O*NET Related Occupations between occupation codes of the demand data.
-- Grain: one row per soc_code × related_soc_code (different codes).
-- Sources: stg_onet_related, int_onet_soc_crosswalk.
-- A code lists another when any O*NET-SOC occupation standing for it lists any of the other's (aggregates such
-- as 51-2090 through their SOC occupations); the closest tier and the best place in the list are kept. Direction
-- matters: the list is O*NET's view from soc_code.
SELECT
  a.soc_code,
  b.soc_code AS related_soc_code,
  MIN(r.tier_rank) AS tier_rank,
  CASE MIN(r.tier_rank)
    WHEN 1 THEN 'Primary-Short'
    WHEN 2 THEN 'Primary-Long'
    WHEN 3 THEN 'Supplemental'
  END AS relatedness_tier,
  MIN(r.related_index) AS best_index,
  COUNT(*) AS links
FROM {{ref "stg_onet_related"}} AS r
JOIN {{ref "int_onet_soc_crosswalk"}} AS a ON a.rated_soc_code = r.soc_code
JOIN {{ref "int_onet_soc_crosswalk"}} AS b ON b.rated_soc_code = r.related_soc_code
WHERE a.soc_code <> b.soc_code
GROUP BY a.soc_code, b.soc_code
