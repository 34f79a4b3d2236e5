-- stg_cip_codes: the CIP 2020 code list (NCES CIPCode2020.csv), codes as text without NCES's Excel guard.
-- Grain: one row per cip_code. Sources: raw_cip_codes.
-- Codes are 2-digit families (01), 4-digit series (01.01) and 6-digit programs (01.0101). NCES writes them as
-- ="01.0101" so Excel keeps the leading zero; a copy that went through Excel anyway (1.0101, 1) is padded back.
-- Codes moved or deleted since CIP 2010 stay listed with their action; for a code that moved, the definition
-- reads "Moved from 01.0309 to 01.1004" (deleted: "Deleted, Report under 45.1103"): replaced_by_cip_code gives the new code.
WITH raw AS (
  SELECT
    TRIM(REPLACE(REPLACE(cip_family, '=', ''), '"', '')) AS family_raw,
    TRIM(REPLACE(REPLACE(cip_code, '=', ''), '"', '')) AS cip_raw,
    TRIM(action) AS action,
    LOWER(TRIM(text_change)) AS text_change,
    TRIM(cip_title) AS cip_title,
    TRIM(cip_definition) AS cip_definition,
    NULLIF(TRIM(cross_references), '') AS cross_references,
    NULLIF(TRIM(examples), '') AS examples
  FROM {{source "cip_codes"}}
),
coded AS (
  SELECT
    *,
    STRPOS(cip_raw, '.') AS dot
  FROM raw
),
normalised AS (
  SELECT
    CASE
      WHEN dot > 0 THEN LPAD(SUBSTR(cip_raw, 1, dot - 1), 2, '0') || '.' || SUBSTR(cip_raw, dot + 1)
      ELSE LPAD(cip_raw, 2, '0')
    END AS cip_code,
    LPAD(family_raw, 2, '0') AS cip_family,
    CASE WHEN dot = 0 THEN 2 ELSE 2 + LENGTH(SUBSTR(cip_raw, dot + 1)) END AS cip_digits,
    action,
    text_change,
    cip_title,
    cip_definition,
    cross_references,
    examples
  FROM coded
),
replacements AS (
  SELECT
    *,
    CASE
      WHEN action = 'Moved from' AND STRPOS(cip_definition, ' to ') > 0
        THEN TRIM(SUBSTR(cip_definition, STRPOS(cip_definition, ' to ') + 4))
      WHEN action = 'Deleted' AND STRPOS(cip_definition, 'Report under ') > 0
        THEN TRIM(SUBSTR(cip_definition, STRPOS(cip_definition, 'Report under ') + 13))
    END AS replacement_raw
  FROM normalised
)
SELECT
  cip_code,
  cip_family,
  cip_digits,
  CASE cip_digits WHEN 2 THEN 'family' WHEN 4 THEN 'series' WHEN 6 THEN 'program' END AS cip_level,
  cip_title,
  cip_definition,
  action,
  text_change = 'yes' AS text_changed,
  action IN ('Moved from', 'Deleted') AS is_retired,
  CASE
    WHEN SUBSTR(replacement_raw, LENGTH(replacement_raw), 1) = '.'
      THEN SUBSTR(replacement_raw, 1, LENGTH(replacement_raw) - 1)
    ELSE replacement_raw
  END AS replaced_by_cip_code,
  cross_references,
  examples
FROM replacements
