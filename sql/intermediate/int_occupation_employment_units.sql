-- int_occupation_employment_units: QCEW employment cut into industry units, each with the national staffing
-- pattern it is multiplied by, for the region and, when one is configured, the fit area.
-- Grain: one row per geo ('region', 'fit_area') × own_code × industry_code (QCEW ownerships 1, 2, 3, 5).
-- Sources: int_qcew_geo_cells (the region), stg_qcew (the fit area), stg_oews_staffing, stg_oews (national
-- cross-industry), the industry selection, ownerships and metric settings.
--
-- Employment is of the region's latest QCEW year: its annual average, or the average of the year's quarters
-- when only quarters are loaded (an industry missing from a quarter had no employment then). The fit area
-- (metrics.occupations.fitTo, an OEWS area) is the QCEW area of the same place: U.S. 99 is US000, state 18 is
-- 18000, metro area 21140 is C2114; the fit needs its QCEW file loaded.
--
-- Units: for each ownership, the whole economy (industry 10), the partnership's configured industries, and
-- every industry that has a staffing pattern of the staffing year, wherever QCEW publishes its employment in
-- the area. Each unit is carved out of the nearest unit above it, so a unit's employment is its QCEW
-- employment less that of the units under it: manufacturing 31-33 less 332 and 336 when nat3d is loaded and
-- those are published. An industry QCEW suppresses in the area is never a unit and never zero: its
-- employment stays in the residual of the unit above it (31-33 less the published 3-digit industries), which
-- uses that unit's pattern. That is the approximation: suppressed detail gets its parent's staffing pattern.
--
-- Patterns: a unit uses the pattern of the most detailed staffing industry that is the unit or contains it and
-- whose OEWS ownership covers the unit's (OEWS 235 covers private, state and local education; 58 private and
-- state and local hospitals; 57 local casinos; 59 the Postal Service); failing that, government units use the
-- OEWS government pattern (99, ownership 123) and any unit the national cross-industry pattern of the loaded
-- national file nearest the staffing year.
WITH settings AS (
  SELECT
    COALESCE(
      (SELECT MAX(staffing_year) FROM {{source "metric_settings"}}),
      (SELECT MAX(year) FROM {{ref "stg_oews_staffing"}})
    ) AS staffing_year
),
-- QCEW cells of the region, and of the fit area's QCEW area.
fit_qcew_area AS (
  SELECT
    CASE
      WHEN fit_area = '99' THEN 'US000'
      WHEN LENGTH(fit_area) = 2 THEN fit_area || '000'
      WHEN LENGTH(fit_area) = 5 THEN 'C' || SUBSTR(fit_area, 1, 4)
    END AS area_fips
  FROM {{source "metric_settings"}}
  WHERE fit_area IS NOT NULL
),
cells AS (
  SELECT 'region' AS geo, own_code, industry_code, year, qtr, avg_emplvl, is_suppressed
  FROM {{ref "int_qcew_geo_cells"}}
  WHERE geo_type = 'region'
  UNION ALL
  SELECT 'fit_area', q.own_code, q.industry_code, q.year, q.qtr, q.avg_emplvl, q.is_suppressed
  FROM {{ref "stg_qcew"}} AS q
  JOIN fit_qcew_area AS f ON q.area_fips = f.area_fips
  WHERE q.size_code = '0'
),
-- The QCEW period: the region's latest year, annual when loaded, else the mean of its quarters.
qcew_year AS (
  SELECT MAX(year) AS year FROM cells WHERE geo = 'region' AND industry_code = '10'
),
period AS (
  SELECT
    c.geo,
    y.year,
    COUNT(DISTINCT CASE WHEN c.qtr = 'A' THEN c.qtr END) > 0 AS has_annual,
    COUNT(DISTINCT CASE WHEN c.qtr <> 'A' THEN c.qtr END) AS n_quarters
  FROM qcew_year AS y
  JOIN cells AS c ON c.year = y.year AND c.industry_code = '10'
  GROUP BY c.geo, y.year
),
qcew AS (
  SELECT
    c.geo,
    c.own_code,
    c.industry_code,
    p.year AS qcew_year,
    CASE
      WHEN p.has_annual THEN p.year
      ELSE p.year || ' (mean of ' || CAST(p.n_quarters AS {{type "string"}}) || ' quarters)'
    END AS qcew_period,
    -- A quarter's suppressed cell empties the year's mean; a quarter with no row adds nothing.
    CASE
      WHEN SUM(CASE WHEN c.is_suppressed THEN 1 ELSE 0 END) > 0 THEN NULL
      WHEN p.has_annual THEN MAX(CASE WHEN c.qtr = 'A' THEN c.avg_emplvl END)
      ELSE SUM(c.avg_emplvl) / p.n_quarters
    END AS employment,
    SUM(CASE WHEN c.is_suppressed THEN 1 ELSE 0 END) > 0 AS is_suppressed
  FROM cells AS c
  JOIN period AS p
    ON c.geo = p.geo AND c.year = p.year AND (c.qtr = 'A') = p.has_annual
  WHERE c.own_code IN ('1', '2', '3', '5')
    AND (c.industry_code = '10' OR NOT STARTS_WITH(c.industry_code, '10'))
  GROUP BY c.geo, c.own_code, c.industry_code, p.year, p.has_annual, p.n_quarters
),
-- Ownerships of the partnership as QCEW county ownerships: 0 (all) is 1, 2, 3 and 5; 8 (government) 1, 2, 3.
partnership_owns AS (
  SELECT DISTINCT CASE own_code WHEN '0' THEN '1235' WHEN '8' THEN '123' ELSE own_code END AS owns
  FROM {{source "ownership"}}
),
-- Staffing patterns of the staffing year, with the QCEW ownerships each covers.
staffing AS (
  SELECT s.*
  FROM {{ref "stg_oews_staffing"}} AS s
  JOIN settings ON s.year = settings.staffing_year
  WHERE s.qcew_naics IS NOT NULL OR s.naics = '99'
),
industry_patterns AS (
  SELECT
    naics AS pattern_naics,
    own_code AS pattern_own_code,
    qcew_naics AS pattern_code,
    CASE own_code WHEN '57' THEN '35' WHEN '58' THEN '235' WHEN '59' THEN '15' ELSE COALESCE(own_code, '5') END
      AS covers,
    CASE
      WHEN naics = '99' THEN 1
      WHEN STRPOS(qcew_naics, '-') > 0 THEN 2
      ELSE LENGTH(qcew_naics)
    END AS depth,
    MAX(naics_title) AS pattern_title
  FROM staffing
  GROUP BY naics, own_code, qcew_naics
),
cross_year AS (
  -- The loaded national cross-industry year nearest the staffing year (the earlier of two as near).
  SELECT year
  FROM (
    SELECT
      o.year,
      ROW_NUMBER() OVER (
        ORDER BY ABS({{safe_cast "o.year" "int64"}} - {{safe_cast "settings.staffing_year" "int64"}}), o.year
      ) AS pick
    FROM (SELECT DISTINCT year FROM {{ref "stg_oews"}} WHERE area_code = '99' AND naics = '000000') AS o
    CROSS JOIN settings
  ) AS ranked
  WHERE pick = 1
),
patterns AS (
  SELECT
    pattern_naics, pattern_own_code, pattern_code, covers, depth, pattern_title,
    settings.staffing_year AS pattern_year,
    -- One pattern per industry and ownership coverage (31 and 31-33 in two loaded files are one industry).
    ROW_NUMBER() OVER (PARTITION BY pattern_code, covers ORDER BY pattern_naics) AS copy_no
  FROM industry_patterns
  CROSS JOIN settings
  UNION ALL
  SELECT '000000', '1235', '10', '1235', 0, 'Cross-industry', year, 1
  FROM cross_year
),
-- Codes under a code: NAICS digits after its prefix; a sector range holds each of its two-digit prefixes;
-- industry 10 (all industries) holds every code.
sector_ranges AS (
  SELECT '31-33' AS code, '31' AS prefix UNION ALL SELECT '31-33', '32' UNION ALL SELECT '31-33', '33'
  UNION ALL SELECT '44-45', '44' UNION ALL SELECT '44-45', '45'
  UNION ALL SELECT '48-49', '48' UNION ALL SELECT '48-49', '49'
),
roots AS (
  SELECT DISTINCT naics_code AS code FROM {{source "industry_selection"}}
),
candidate_codes AS (
  SELECT '10' AS code
  UNION DISTINCT SELECT code FROM roots
  UNION DISTINCT SELECT pattern_code FROM patterns WHERE pattern_code IS NOT NULL
),
code_prefixes AS (
  SELECT c.code, COALESCE(r.prefix, CASE WHEN c.code = '10' THEN '' ELSE c.code END) AS prefix
  FROM candidate_codes AS c
  LEFT JOIN sector_ranges AS r ON r.code = c.code
),
-- (ancestor, descendant) pairs among the codes, with the ancestor's depth.
nesting AS (
  SELECT DISTINCT
    a.code AS ancestor,
    b.code AS descendant,
    CASE WHEN a.code = '10' THEN 0 WHEN STRPOS(a.code, '-') > 0 THEN 2 ELSE LENGTH(a.code) END AS ancestor_depth
  FROM code_prefixes AS a
  JOIN code_prefixes AS b
    ON a.code <> b.code AND LENGTH(b.prefix) > LENGTH(a.prefix) AND STARTS_WITH(b.prefix, a.prefix)
),
-- Each code with itself and every code containing it.
lineage AS (
  SELECT ancestor, descendant, ancestor_depth FROM nesting
  UNION ALL
  SELECT code, code, CASE WHEN code = '10' THEN 0 WHEN STRPOS(code, '-') > 0 THEN 2 ELSE LENGTH(code) END
  FROM candidate_codes
),
-- Partnership roots, without those under another root (counted once).
partnership_roots AS (
  SELECT code FROM roots
  WHERE code NOT IN (SELECT c.descendant FROM nesting AS c JOIN roots AS r ON r.code = c.ancestor)
),
-- Units: every ownership's total, the partnership's industries in its ownerships, and the industries with a
-- pattern covering the ownership, where the area has a QCEW cell.
nodes AS (
  SELECT DISTINCT q.geo, q.own_code, q.industry_code, q.qcew_year, q.qcew_period, q.employment, q.is_suppressed
  FROM qcew AS q
  WHERE q.industry_code = '10'
     OR (q.industry_code IN (SELECT code FROM partnership_roots)
         AND EXISTS (SELECT 1 FROM partnership_owns AS o WHERE STRPOS(o.owns, q.own_code) > 0))
     OR EXISTS (
       SELECT 1 FROM patterns AS p
       WHERE p.pattern_code = q.industry_code AND STRPOS(p.covers, q.own_code) > 0 AND p.copy_no = 1
     )
),
-- Each published unit's parent: the nearest published unit above it of the same area and ownership.
parents AS (
  SELECT geo, own_code, industry_code, parent_code
  FROM (
    SELECT
      b.geo, b.own_code, b.industry_code, a.industry_code AS parent_code,
      ROW_NUMBER() OVER (PARTITION BY b.geo, b.own_code, b.industry_code ORDER BY c.ancestor_depth DESC) AS pick
    FROM nodes AS b
    JOIN nesting AS c ON c.descendant = b.industry_code
    JOIN nodes AS a ON a.geo = b.geo AND a.own_code = b.own_code AND a.industry_code = c.ancestor
    WHERE a.employment IS NOT NULL AND b.employment IS NOT NULL
  ) AS ranked
  WHERE pick = 1
),
carved AS (
  SELECT p.geo, p.parent_code AS industry_code, p.own_code, SUM(n.employment) AS carved_out, COUNT(*) AS n_carved
  FROM parents AS p
  JOIN nodes AS n ON n.geo = p.geo AND n.own_code = p.own_code AND n.industry_code = p.industry_code
  GROUP BY p.geo, p.parent_code, p.own_code
),
-- The pattern of each unit: the most detailed covering pattern of the unit or an industry containing it; the
-- government pattern (no QCEW industry) may serve any government unit.
pattern_candidates AS (
  SELECT DISTINCT
    n.own_code, n.industry_code,
    p.pattern_naics, p.pattern_own_code, p.pattern_code, p.pattern_title, p.pattern_year, p.depth
  FROM nodes AS n
  JOIN lineage AS l ON l.descendant = n.industry_code
  JOIN patterns AS p ON p.pattern_code = l.ancestor AND STRPOS(p.covers, n.own_code) > 0 AND p.copy_no = 1
  UNION DISTINCT
  SELECT
    n.own_code, n.industry_code,
    p.pattern_naics, p.pattern_own_code, p.pattern_code, p.pattern_title, p.pattern_year, p.depth
  FROM nodes AS n
  JOIN patterns AS p ON p.pattern_code IS NULL AND STRPOS(p.covers, n.own_code) > 0 AND p.copy_no = 1
),
pattern_pick AS (
  SELECT own_code, industry_code, pattern_naics, pattern_own_code, pattern_code, pattern_title, pattern_year, depth
  FROM (
    SELECT
      *,
      ROW_NUMBER() OVER (PARTITION BY own_code, industry_code ORDER BY depth DESC, pattern_naics) AS pick
    FROM pattern_candidates
  ) AS ranked
  WHERE pick = 1
),
partnership AS (
  SELECT n.own_code, n.industry_code, MIN(r.code) AS partnership_naics
  FROM nodes AS n
  JOIN lineage AS l ON l.descendant = n.industry_code
  JOIN partnership_roots AS r ON r.code = l.ancestor
  WHERE n.geo = 'region' AND EXISTS (SELECT 1 FROM partnership_owns AS o WHERE STRPOS(o.owns, n.own_code) > 0)
  GROUP BY n.own_code, n.industry_code
)
SELECT
  n.geo,
  n.own_code,
  n.industry_code,
  n.qcew_year,
  n.qcew_period,
  n.is_suppressed,
  n.employment AS qcew_employment,
  COALESCE(c.carved_out, 0) AS carved_out,
  COALESCE(c.n_carved, 0) AS n_carved,
  pa.parent_code AS carved_from,
  -- A suppressed unit has no employment of its own: it is inside its parent's residual.
  CASE WHEN n.employment IS NULL THEN NULL ELSE GREATEST(n.employment - COALESCE(c.carved_out, 0), 0) END
    AS employment,
  pp.pattern_naics,
  pp.pattern_own_code,
  pp.pattern_title,
  pp.pattern_year,
  CASE
    WHEN pp.pattern_naics IS NULL THEN NULL
    WHEN pp.depth = 0 THEN 'all industries'
    WHEN pp.depth = 1 THEN 'government'
    WHEN pp.pattern_code = n.industry_code THEN 'own industry'
    ELSE 'containing industry'
  END AS pattern_match,
  n.geo = 'region' AND pt.partnership_naics IS NOT NULL AS in_partnership,
  CASE WHEN n.geo = 'region' THEN pt.partnership_naics END AS partnership_naics,
  settings.staffing_year
FROM nodes AS n
CROSS JOIN settings
LEFT JOIN carved AS c ON c.geo = n.geo AND c.own_code = n.own_code AND c.industry_code = n.industry_code
LEFT JOIN parents AS pa ON pa.geo = n.geo AND pa.own_code = n.own_code AND pa.industry_code = n.industry_code
LEFT JOIN pattern_pick AS pp ON pp.own_code = n.own_code AND pp.industry_code = n.industry_code
LEFT JOIN partnership AS pt ON pt.own_code = n.own_code AND pt.industry_code = n.industry_code AND n.geo = 'region'
