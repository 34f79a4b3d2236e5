-- stg_naics_codes: the NAICS structure (Census), one row per code from sector to national industry.
-- Grain: one row per naics_version × naics_code. Sources: raw_naics_codes.
-- Census marks codes the U.S., Canada and Mexico share by ending the title with "T" (often followed by spaces):
-- the marker is removed from the title and kept as is_trilateral. A title whose last letter is a capital T after
-- another capital (an acronym) is left alone. Sectors that span several 2-digit codes are ranges ("31-33").
WITH raw AS (
  SELECT
    TRIM(naics_code) AS naics_code,
    TRIM(naics_title) AS title_raw,
    naics_version
  FROM {{source "naics_codes"}}
  WHERE naics_code IS NOT NULL AND TRIM(naics_code) <> ''
),
marked AS (
  SELECT
    *,
    LENGTH(title_raw) > 1
      AND SUBSTR(title_raw, LENGTH(title_raw), 1) = 'T'
      AND LOWER(SUBSTR(title_raw, LENGTH(title_raw) - 1, 1)) = SUBSTR(title_raw, LENGTH(title_raw) - 1, 1)
      AS is_trilateral,
    CASE WHEN STRPOS(naics_code, '-') > 0 THEN 2 ELSE LENGTH(naics_code) END AS naics_digits
  FROM raw
)
SELECT
  naics_version,
  naics_code,
  CASE WHEN is_trilateral THEN TRIM(SUBSTR(title_raw, 1, LENGTH(title_raw) - 1)) ELSE title_raw END AS naics_title,
  is_trilateral,
  naics_digits,
  CASE naics_digits
    WHEN 2 THEN 'sector'
    WHEN 3 THEN 'subsector'
    WHEN 4 THEN 'industry group'
    WHEN 5 THEN 'NAICS industry'
    WHEN 6 THEN 'national industry'
  END AS naics_level,
  CASE
    WHEN naics_digits = 2 THEN NULL
    WHEN naics_digits = 3 AND SUBSTR(naics_code, 1, 2) IN ('31', '32', '33') THEN '31-33'
    WHEN naics_digits = 3 AND SUBSTR(naics_code, 1, 2) IN ('44', '45') THEN '44-45'
    WHEN naics_digits = 3 AND SUBSTR(naics_code, 1, 2) IN ('48', '49') THEN '48-49'
    ELSE SUBSTR(naics_code, 1, naics_digits - 1)
  END AS parent_code
FROM marked
