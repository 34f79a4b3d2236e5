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
  cip_code,
  cip_title,
  soc_code,
  soc_title,
  CASE
    WHEN soc_code IN ('13-1021', '13-1022', '13-1023') THEN '13-1020'
    WHEN soc_code IN ('13-2022', '13-2023') THEN '13-2020'
    WHEN soc_code IN ('21-1011', '21-1014') THEN '21-1018'
    WHEN soc_code IN ('25-2055', '25-2056') THEN '25-2052'
    WHEN soc_code IN ('25-9042', '25-9043', '25-9049') THEN '25-9045'
    WHEN soc_code IN ('29-2011', '29-2012') THEN '29-2010'
    WHEN soc_code IN ('31-1121', '31-1122') THEN '31-1120'
    WHEN soc_code IN ('39-7011', '39-7012') THEN '39-7010'
    WHEN soc_code IN ('47-4091', '47-4099') THEN '47-4090'
    WHEN soc_code IN ('51-2022', '51-2023') THEN '51-2028'
    WHEN soc_code IN ('51-2092', '51-2099') THEN '51-2090'
    WHEN soc_code IN ('53-1042', '53-1043', '53-1044', '53-1049') THEN '53-1047'
    ELSE soc_code
  END AS oews_soc_code,
  CASE
    WHEN soc_code IN ('13-1021', '13-1022', '13-1023') THEN 'Buyers and Purchasing Agents'
    WHEN soc_code IN ('13-2022', '13-2023') THEN 'Property Appraisers and Assessors'
    WHEN soc_code IN ('21-1011', '21-1014') THEN 'Substance Abuse, Behavioral Disorder, and Mental Health Counselors'
    WHEN soc_code IN ('25-2055', '25-2056') THEN 'Special Education Teachers, Kindergarten and Elementary School'
    WHEN soc_code IN ('25-9042', '25-9043', '25-9049') THEN 'Teaching Assistants, Except Postsecondary'
    WHEN soc_code IN ('29-2011', '29-2012') THEN 'Clinical Laboratory Technologists and Technicians'
    WHEN soc_code IN ('31-1121', '31-1122') THEN 'Home Health and Personal Care Aides'
    WHEN soc_code IN ('39-7011', '39-7012') THEN 'Tour and Travel Guides'
    WHEN soc_code IN ('47-4091', '47-4099') THEN 'Miscellaneous Construction and Related Workers'
    WHEN soc_code IN ('51-2022', '51-2023') THEN 'Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, Tapers, and Finishers'
    WHEN soc_code IN ('51-2092', '51-2099') THEN 'Miscellaneous Assemblers and Fabricators'
    WHEN soc_code IN ('53-1042', '53-1043', '53-1044', '53-1049') THEN 'First-Line Supervisors of Transportation and Material Moving Workers, Except Aircraft Cargo Handling Supervisors'
    ELSE soc_title
  END AS oews_soc_title,
  soc_code = '99-9999' AS program_without_occupation,
  cip_code = '99.9999' AS occupation_without_program,
  soc_code <> '99-9999' AND cip_code <> '99.9999' AS is_link
FROM coded
