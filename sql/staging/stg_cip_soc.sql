-- stg_cip_soc: the NCES CIP 2020 to SOC 2018 crosswalk (CIP-SOC sheet), codes normalised, with the code BLS
-- publishes each occupation under in OEWS and Employment Projections.
-- Grain: one row per cip_code × soc_code. Sources: raw_cip_soc.
-- The sheet holds NCES's "no match" rows: programs without an occupation (SOC 99-9999) and occupations without a
-- program (CIP 99.9999). They are kept and flagged, never used as links. Codes lose leading zeros in Excel copies
-- (1.0101) and NCES CSVs guard them as ="01.0101": both read back as 01.0101.
-- OEWS and EP publish twelve groups of SOC 2018 occupations only together, under a code of their own (13-1021,
-- 13-1022 and 13-1023 as 13-1020; 21-1011 and 21-1014 as 21-1018, ...): oews_soc_code names that code, so supply
-- meets demand on the same occupation.
WITH raw AS (
  SELECT
    TRIM(REPLACE(REPLACE(cip_code, '=', ''), '"', '')) AS cip_raw,
    TRIM(cip_title) AS cip_title,
    TRIM(REPLACE(REPLACE(soc_code, '=', ''), '"', '')) AS soc_code,
    TRIM(soc_title) AS soc_title
  FROM {{source "cip_soc"}}
),
coded AS (
  SELECT
    CASE
      WHEN STRPOS(cip_raw, '.') > 0
        THEN LPAD(SUBSTR(cip_raw, 1, STRPOS(cip_raw, '.') - 1), 2, '0') || '.' || RPAD(SUBSTR(cip_raw, STRPOS(cip_raw, '.') + 1), 4, '0')
      ELSE LPAD(cip_raw, 2, '0')
    END AS cip_code,
    cip_title,
    soc_code,
    soc_title
  FROM raw
)
SELECT DISTINCT
  coded.cip_code,
  coded.cip_title,
  coded.soc_code,
  coded.soc_title,
  coalesce(agg.oews_soc_code, coded.soc_code) AS oews_soc_code,
  coalesce(agg.oews_soc_title, coded.soc_title) AS oews_soc_title,
  coded.soc_code = '99-9999' AS program_without_occupation,
  coded.cip_code = '99.9999' AS occupation_without_program,
  coded.soc_code <> '99-9999' AND coded.cip_code <> '99.9999' AS is_link
FROM coded
LEFT JOIN {{source "soc_aggregates"}} agg ON agg.soc_code = coded.soc_code
