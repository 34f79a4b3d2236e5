-- stg_ipeds_completions: IPEDS completions (C_A) typed, with CIP codes normalised to text NN.NNNN.
-- Grain: one row per year × unitid × cip_code × majornum × award_level.
-- Sources: raw_ipeds_completions (c<year>_a files, raw NCES layout or extracts of it).
-- CIP codes lose their leading zero when a file passes through Excel (1.0101) and NCES guards them as ="01.0101":
-- both are read back to 01.0101, and a code that lost trailing zeros (1.1) is padded back to 01.1000. Rows with
-- CIP 99 are the institution's grand total and 2-digit rows are family subtotals: they are kept, flagged, and
-- never summed with 6-digit programs. When a year is loaded from a file and from its NCES revision (`_rv`), the
-- revision's rows are used.
WITH raw AS (
  SELECT
    year,
    TRIM(unitid) AS unitid,
    TRIM(REPLACE(REPLACE(cipcode, '=', ''), '"', '')) AS cip_raw,
    majornum,
    awlevel,
    ctotalt,
    ctotalm,
    ctotalw,
    NULLIF(TRIM(xctotalt), '') AS xctotalt,
    _vintage,
    _source_file,
    STRPOS(LOWER(_source_file), '_rv') > 0 AS is_revision
  FROM {{source "ipeds_completions"}}
),
revised_years AS (
  SELECT DISTINCT year FROM raw WHERE is_revision
),
kept AS (
  SELECT r.*, STRPOS(r.cip_raw, '.') AS dot
  FROM raw AS r
  LEFT JOIN revised_years AS v ON v.year = r.year
  WHERE r.is_revision OR v.year IS NULL
)
SELECT
  year,
  CAST(CAST(year AS {{type "int64"}}) - 1 AS {{type "string"}}) || '-' || SUBSTR(year, 3, 2) AS academic_year,
  unitid,
  CASE
    WHEN dot > 0 THEN LPAD(SUBSTR(cip_raw, 1, dot - 1), 2, '0') || '.' || RPAD(SUBSTR(cip_raw, dot + 1), 4, '0')
    ELSE LPAD(cip_raw, 2, '0')
  END AS cip_code,
  CASE WHEN cip_raw = '99' THEN 'total' WHEN dot > 0 THEN 'program' ELSE 'family' END AS cip_level,
  dot > 0 AS is_program,
  majornum,
  awlevel AS award_level,
  CASE awlevel
    WHEN 1 THEN 'Certificate < 1 year (before 2019-20)'
    WHEN 20 THEN 'Certificate < 12 weeks'
    WHEN 21 THEN 'Certificate 12 weeks to < 1 year'
    WHEN 2 THEN 'Certificate 1 to < 2 years'
    WHEN 3 THEN {{str "Associate's degree"}}
    WHEN 4 THEN 'Certificate 2 to < 4 years'
    WHEN 5 THEN {{str "Bachelor's degree"}}
    WHEN 6 THEN 'Postbaccalaureate certificate'
    WHEN 7 THEN {{str "Master's degree"}}
    WHEN 8 THEN {{str "Post-master's certificate"}}
    WHEN 17 THEN {{str "Doctor's degree, research/scholarship"}}
    WHEN 18 THEN {{str "Doctor's degree, professional practice"}}
    WHEN 19 THEN {{str "Doctor's degree, other"}}
  END AS award_level_name,
  ctotalt AS completions,
  ctotalm AS completions_men,
  ctotalw AS completions_women,
  xctotalt AS imputation_flag,
  _vintage AS vintage,
  _source_file AS source_file
FROM kept
