-- stg_onet_occupations: every O*NET-SOC occupation (Occupation Data) with the SOC 2018 code it details.
-- Grain: one row per onet_soc_code. Sources: raw_onet_occupations.
-- O*NET-SOC codes detail SOC 2018: 11-1011.00 is the SOC occupation itself, 11-1011.03 a specialty under it;
-- the SOC code is the first seven characters.
SELECT
  TRIM(onet_soc_code) AS onet_soc_code,
  SUBSTR(TRIM(onet_soc_code), 1, 7) AS soc_code,
  SUBSTR(TRIM(onet_soc_code), 9, 2) = '00' AS is_soc_occupation,
  TRIM(title) AS title,
  description
FROM {{source "onet_occupations"}}
WHERE onet_soc_code IS NOT NULL
