-- int_supply_allocation: each program's completions spread over the occupations it leads to, by every method.
-- Grain: one row per cip_code × soc_code. Sources: int_supply_completions, stg_cip_soc, int_occupation_employment.
-- Occupations are counted as OEWS and Employment Projections publish them (stg_cip_soc.oews_soc_code): SOC 2018
-- codes BLS publishes only together are one occupation. For a program with c completions linked to k occupations:
--   all:        c against every linked occupation (an upper bound: the program's completers are counted k times);
--   equal:      c / k to each;
--   employment: c · E_o / Σ E over the program's occupations, E the region's employment of the occupation in the
--               partnership industry (int_occupation_employment). Occupations without an estimate weigh 0; when
--               none of the program's occupations has employment, the split falls back to equal
--               (employment_fallback).
-- Programs NCES links to no occupation, or missing from the crosswalk, are not here (see mart_supply_warnings).
WITH programs AS (
  SELECT
    cip_code,
    CAST(SUM(completions) AS {{type "int64"}}) AS program_completions,
    COUNT(DISTINCT CASE WHEN completions > 0 THEN unitid END) AS institutions
  FROM {{ref "int_supply_completions"}}
  GROUP BY cip_code
  HAVING SUM(completions) > 0
),
links AS (
  SELECT DISTINCT cip_code, oews_soc_code AS soc_code, oews_soc_title AS soc_title
  FROM {{ref "stg_cip_soc"}}
  WHERE is_link
),
employment_direct AS (
  SELECT soc_code, SUM(employment) AS employment
  FROM {{ref "int_occupation_employment"}}
  GROUP BY soc_code
),
-- An occupation estimated under its detailed SOC codes rather than BLS's aggregate: the sum of its parts.
employment_members AS (
  SELECT m.oews_soc_code AS soc_code, SUM(e.employment) AS employment
  FROM (SELECT DISTINCT soc_code, oews_soc_code FROM {{ref "stg_cip_soc"}} WHERE soc_code <> oews_soc_code) AS m
  JOIN employment_direct AS e ON e.soc_code = m.soc_code
  GROUP BY m.oews_soc_code
),
linked AS (
  SELECT
    p.cip_code,
    l.soc_code,
    l.soc_title,
    p.program_completions,
    p.institutions,
    COALESCE(d.employment, m.employment) AS employment,
    COUNT(*) OVER (PARTITION BY p.cip_code) AS linked_occupations,
    SUM(CASE WHEN COALESCE(d.employment, m.employment) > 0 THEN COALESCE(d.employment, m.employment) ELSE 0 END)
      OVER (PARTITION BY p.cip_code) AS program_employment
  FROM programs AS p
  JOIN links AS l ON l.cip_code = p.cip_code
  LEFT JOIN employment_direct AS d ON d.soc_code = l.soc_code
  LEFT JOIN employment_members AS m ON m.soc_code = l.soc_code
)
SELECT
  cip_code,
  soc_code,
  soc_title,
  program_completions,
  institutions,
  linked_occupations,
  employment,
  program_employment,
  CAST(program_completions AS {{type "float64"}}) AS completions_all,
  CAST(program_completions AS {{type "float64"}}) / linked_occupations AS completions_equal,
  CASE
    WHEN program_employment > 0
      THEN CAST(program_completions AS {{type "float64"}}) * (CASE WHEN employment > 0 THEN employment ELSE 0 END) / program_employment
    ELSE CAST(program_completions AS {{type "float64"}}) / linked_occupations
  END AS completions_employment,
  NOT (program_employment > 0) AS employment_fallback
FROM linked
