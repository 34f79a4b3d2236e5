-- stg_onet_scales: the O*NET rating scales with their range, for standardising ratings.
-- Grain: one row per scale_id. Sources: raw_onet_scales (Scales Reference).
-- IM (importance) runs 1-5 and LV (level) 0-7 in O*NET 29; the range is read from the file, not assumed.
SELECT
  TRIM(scale_id) AS scale_id,
  TRIM(scale_name) AS scale_name,
  minimum,
  maximum
FROM {{source "onet_scales"}}
WHERE scale_id IS NOT NULL
