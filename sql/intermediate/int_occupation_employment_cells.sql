-- int_occupation_employment_cells: the partnership's employment in the region by industry unit and detailed
-- occupation, from the national staffing patterns, optionally fitted to an OEWS area's occupation totals.
-- Grain: one row per own_code × industry_code × soc_code (the region's partnership units of
-- int_occupation_employment_units that have employment and a staffing pattern).
-- Sources: int_occupation_employment_units, stg_oews_staffing, stg_oews, metric settings.
--
-- employment_unscaled = unit employment × PCT_TOTAL / 100, the textbook formula. OEWS leaves some detailed
-- occupations unpublished (**), so an industry's published shares add to a little under 100 (99.73 for
-- manufacturing in 2024) and these cells add to a little under the unit's employment.
-- employment_unfitted rescales the published shares to 100: the unpublished occupations' employment is
-- spread over the published ones in proportion, so the cells of a unit add up to its QCEW employment.
--
-- Fitting (metrics.occupations.fitTo), as in the regionalisation of national staffing patterns by RAS: the fit
-- area's economy (all its QCEW units, same year) times the national patterns is a units × occupations matrix.
-- Iterative proportional fitting scales its rows to the area's OEWS cross-industry employment of each
-- occupation (the loaded year nearest the staffing year, rescaled to the matrix's employment in the occupations
-- the area publishes; the others keep their pattern employment) and its columns to the units' QCEW employment.
-- The fitted matrix is the national cells times an occupation factor a and a unit factor b; a is what the
-- area adds to the national patterns. Each of the region's partnership units then uses its national pattern
-- times a, rescaled to its employment: employment_fitted = e × p·a / Σ p·a. The region keeps its QCEW industry
-- employment; its occupation mix within each industry follows the area's. Approximations: the area's pattern
-- adjustment is taken to hold in the region; occupations absent from the area's matrix keep factor 1 (a is
-- scaled to average 1 over the matrix); QCEW government units of the area use OEWS's government pattern.
--
-- Portable SQL has no loop and recursive queries may not aggregate, so the 100 iterations are written out.
-- The fitted matrix is seed × a(occupation) × b(unit), so the iterations update the two factors: a<k> sets
-- each occupation's factor so its row meets its target, b<k> each unit's so its column does, and records k
-- when the unit's column was more than 1e-6 (relative) off its target after the row step: the last such k
-- over the units is the number of iterations the fit needed. (Each step joins its totals rather than using
-- window functions: the DuckDB planner takes exponential time over nested windows.) The U.S. economy of 2016
-- needs 37 iterations, a hand-worked state in the tests 48; iterating on to 100 brings the fit to about 1e-12,
-- and a fit still off by more than 1e-6 after them is reported as not converged. Seed cells are all positive
-- (zero cells are left out: IPF keeps them zero), and so are the targets, so no division meets a zero.
WITH settings AS (
  SELECT MAX(fit_area) AS fit_area, MAX(staffing_year) AS staffing_year FROM {{source "metric_settings"}}
),
units AS (
  SELECT *
  FROM {{ref "int_occupation_employment_units"}}
  WHERE employment > 0 AND pattern_naics IS NOT NULL AND (in_partnership OR geo = 'fit_area')
),
-- Each pattern's published detailed shares: industries from the staffing files, cross-industry from the
-- national file (employment over all-occupations employment).
pattern_rows AS (
  SELECT s.naics AS pattern_naics, s.own_code AS pattern_own_code, s.year AS pattern_year,
         s.soc_code, s.soc_title, s.pct_total
  FROM {{ref "stg_oews_staffing"}} AS s
  WHERE s.pct_total IS NOT NULL
  UNION ALL
  SELECT '000000', '1235', d.year, d.soc_code, d.soc_title, 100.0 * d.tot_emp / t.tot_emp
  FROM {{ref "stg_oews"}} AS d
  JOIN {{ref "stg_oews"}} AS t
    ON t.year = d.year AND t.area_code = '99' AND t.naics = '000000' AND t.own_code = d.own_code
   AND t.soc_code = '00-0000'
  WHERE d.area_code = '99' AND d.naics = '000000' AND d.own_code = '1235' AND d.o_group = 'detailed'
    AND d.tot_emp IS NOT NULL
),
shares AS (
  SELECT
    *,
    pct_total / SUM(pct_total) OVER (PARTITION BY pattern_naics, pattern_own_code, pattern_year) AS share
  FROM pattern_rows
),
all_cells AS (
  SELECT
    u.geo, u.own_code, u.industry_code, u.in_partnership, s.soc_code, s.soc_title, s.pct_total, s.share,
    u.employment * s.pct_total / 100 AS employment_unscaled,
    u.employment * s.share AS employment_unfitted
  FROM units AS u
  JOIN shares AS s
    ON s.pattern_naics = u.pattern_naics AND s.pattern_own_code = u.pattern_own_code
   AND s.pattern_year = u.pattern_year
),
cells AS (
  SELECT * FROM all_cells WHERE geo = 'region'
),
-- The fit area's occupation employment, from its loaded year nearest the staffing year.
fit_year AS (
  SELECT year
  FROM (
    SELECT
      o.year,
      ROW_NUMBER() OVER (
        ORDER BY ABS({{safe_cast "o.year" "int64"}} - {{safe_cast "u.staffing_year" "int64"}}), o.year
      ) AS pick
    FROM (
      SELECT DISTINCT a.year
      FROM {{ref "stg_oews"}} AS a
      JOIN settings ON a.area_code = settings.fit_area
      WHERE a.naics = '000000'
    ) AS o
    CROSS JOIN (SELECT MAX(staffing_year) AS staffing_year FROM {{ref "int_occupation_employment_units"}}) AS u
  ) AS ranked
  WHERE pick = 1
),
area AS (
  SELECT a.soc_code, MAX(a.tot_emp) AS area_employment
  FROM {{ref "stg_oews"}} AS a
  JOIN settings ON a.area_code = settings.fit_area
  JOIN fit_year ON fit_year.year = a.year
  WHERE a.naics = '000000' AND a.o_group = 'detailed' AND a.tot_emp > 0
    AND COALESCE(a.own_code, '1235') = '1235'
  GROUP BY a.soc_code
),
-- The fit area's matrix (empty without a fit area, or when the area's OEWS or QCEW figures are not loaded).
matrix AS (
  SELECT own_code || ':' || industry_code AS u, soc_code AS o, employment_unfitted AS x
  FROM all_cells
  WHERE geo = 'fit_area' AND employment_unfitted > 0 AND EXISTS (SELECT 1 FROM area)
),
row_sums AS (
  SELECT m.o, SUM(m.x) AS seed, MAX(a.area_employment) AS area_employment
  FROM matrix AS m
  LEFT JOIN area AS a ON a.soc_code = m.o
  GROUP BY m.o
),
row_scale AS (
  SELECT SUM(seed) / SUM(area_employment) AS k FROM row_sums WHERE area_employment IS NOT NULL
),
row_targets AS (
  SELECT r.o, COALESCE(r.area_employment * s.k, r.seed) AS r, r.area_employment IS NOT NULL AS fitted
  FROM row_sums AS r
  CROSS JOIN row_scale AS s
),
col_targets AS (
  SELECT u, SUM(x) AS c FROM matrix GROUP BY u
),
-- The matrix with its targets, and the starting factors.
seed AS (
  SELECT m.u, m.o, m.x, t.r, c.c
  FROM matrix AS m
  JOIN row_targets AS t ON t.o = m.o
  JOIN col_targets AS c ON c.u = m.u
),
b000 AS (SELECT u, 1.0 AS b, 0 AS n FROM col_targets),
a001 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b000 AS b ON b.u = m.u GROUP BY m.o),
b001 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 1 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a001 AS a ON a.o = m.o JOIN b000 AS p ON p.u = m.u GROUP BY m.u),
a002 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b001 AS b ON b.u = m.u GROUP BY m.o),
b002 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 2 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a002 AS a ON a.o = m.o JOIN b001 AS p ON p.u = m.u GROUP BY m.u),
a003 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b002 AS b ON b.u = m.u GROUP BY m.o),
b003 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 3 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a003 AS a ON a.o = m.o JOIN b002 AS p ON p.u = m.u GROUP BY m.u),
a004 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b003 AS b ON b.u = m.u GROUP BY m.o),
b004 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 4 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a004 AS a ON a.o = m.o JOIN b003 AS p ON p.u = m.u GROUP BY m.u),
a005 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b004 AS b ON b.u = m.u GROUP BY m.o),
b005 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 5 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a005 AS a ON a.o = m.o JOIN b004 AS p ON p.u = m.u GROUP BY m.u),
a006 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b005 AS b ON b.u = m.u GROUP BY m.o),
b006 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 6 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a006 AS a ON a.o = m.o JOIN b005 AS p ON p.u = m.u GROUP BY m.u),
a007 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b006 AS b ON b.u = m.u GROUP BY m.o),
b007 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 7 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a007 AS a ON a.o = m.o JOIN b006 AS p ON p.u = m.u GROUP BY m.u),
a008 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b007 AS b ON b.u = m.u GROUP BY m.o),
b008 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 8 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a008 AS a ON a.o = m.o JOIN b007 AS p ON p.u = m.u GROUP BY m.u),
a009 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b008 AS b ON b.u = m.u GROUP BY m.o),
b009 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 9 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a009 AS a ON a.o = m.o JOIN b008 AS p ON p.u = m.u GROUP BY m.u),
a010 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b009 AS b ON b.u = m.u GROUP BY m.o),
b010 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 10 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a010 AS a ON a.o = m.o JOIN b009 AS p ON p.u = m.u GROUP BY m.u),
a011 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b010 AS b ON b.u = m.u GROUP BY m.o),
b011 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 11 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a011 AS a ON a.o = m.o JOIN b010 AS p ON p.u = m.u GROUP BY m.u),
a012 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b011 AS b ON b.u = m.u GROUP BY m.o),
b012 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 12 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a012 AS a ON a.o = m.o JOIN b011 AS p ON p.u = m.u GROUP BY m.u),
a013 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b012 AS b ON b.u = m.u GROUP BY m.o),
b013 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 13 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a013 AS a ON a.o = m.o JOIN b012 AS p ON p.u = m.u GROUP BY m.u),
a014 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b013 AS b ON b.u = m.u GROUP BY m.o),
b014 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 14 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a014 AS a ON a.o = m.o JOIN b013 AS p ON p.u = m.u GROUP BY m.u),
a015 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b014 AS b ON b.u = m.u GROUP BY m.o),
b015 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 15 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a015 AS a ON a.o = m.o JOIN b014 AS p ON p.u = m.u GROUP BY m.u),
a016 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b015 AS b ON b.u = m.u GROUP BY m.o),
b016 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 16 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a016 AS a ON a.o = m.o JOIN b015 AS p ON p.u = m.u GROUP BY m.u),
a017 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b016 AS b ON b.u = m.u GROUP BY m.o),
b017 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 17 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a017 AS a ON a.o = m.o JOIN b016 AS p ON p.u = m.u GROUP BY m.u),
a018 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b017 AS b ON b.u = m.u GROUP BY m.o),
b018 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 18 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a018 AS a ON a.o = m.o JOIN b017 AS p ON p.u = m.u GROUP BY m.u),
a019 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b018 AS b ON b.u = m.u GROUP BY m.o),
b019 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 19 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a019 AS a ON a.o = m.o JOIN b018 AS p ON p.u = m.u GROUP BY m.u),
a020 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b019 AS b ON b.u = m.u GROUP BY m.o),
b020 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 20 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a020 AS a ON a.o = m.o JOIN b019 AS p ON p.u = m.u GROUP BY m.u),
a021 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b020 AS b ON b.u = m.u GROUP BY m.o),
b021 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 21 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a021 AS a ON a.o = m.o JOIN b020 AS p ON p.u = m.u GROUP BY m.u),
a022 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b021 AS b ON b.u = m.u GROUP BY m.o),
b022 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 22 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a022 AS a ON a.o = m.o JOIN b021 AS p ON p.u = m.u GROUP BY m.u),
a023 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b022 AS b ON b.u = m.u GROUP BY m.o),
b023 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 23 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a023 AS a ON a.o = m.o JOIN b022 AS p ON p.u = m.u GROUP BY m.u),
a024 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b023 AS b ON b.u = m.u GROUP BY m.o),
b024 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 24 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a024 AS a ON a.o = m.o JOIN b023 AS p ON p.u = m.u GROUP BY m.u),
a025 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b024 AS b ON b.u = m.u GROUP BY m.o),
b025 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 25 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a025 AS a ON a.o = m.o JOIN b024 AS p ON p.u = m.u GROUP BY m.u),
a026 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b025 AS b ON b.u = m.u GROUP BY m.o),
b026 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 26 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a026 AS a ON a.o = m.o JOIN b025 AS p ON p.u = m.u GROUP BY m.u),
a027 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b026 AS b ON b.u = m.u GROUP BY m.o),
b027 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 27 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a027 AS a ON a.o = m.o JOIN b026 AS p ON p.u = m.u GROUP BY m.u),
a028 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b027 AS b ON b.u = m.u GROUP BY m.o),
b028 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 28 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a028 AS a ON a.o = m.o JOIN b027 AS p ON p.u = m.u GROUP BY m.u),
a029 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b028 AS b ON b.u = m.u GROUP BY m.o),
b029 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 29 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a029 AS a ON a.o = m.o JOIN b028 AS p ON p.u = m.u GROUP BY m.u),
a030 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b029 AS b ON b.u = m.u GROUP BY m.o),
b030 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 30 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a030 AS a ON a.o = m.o JOIN b029 AS p ON p.u = m.u GROUP BY m.u),
a031 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b030 AS b ON b.u = m.u GROUP BY m.o),
b031 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 31 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a031 AS a ON a.o = m.o JOIN b030 AS p ON p.u = m.u GROUP BY m.u),
a032 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b031 AS b ON b.u = m.u GROUP BY m.o),
b032 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 32 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a032 AS a ON a.o = m.o JOIN b031 AS p ON p.u = m.u GROUP BY m.u),
a033 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b032 AS b ON b.u = m.u GROUP BY m.o),
b033 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 33 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a033 AS a ON a.o = m.o JOIN b032 AS p ON p.u = m.u GROUP BY m.u),
a034 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b033 AS b ON b.u = m.u GROUP BY m.o),
b034 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 34 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a034 AS a ON a.o = m.o JOIN b033 AS p ON p.u = m.u GROUP BY m.u),
a035 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b034 AS b ON b.u = m.u GROUP BY m.o),
b035 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 35 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a035 AS a ON a.o = m.o JOIN b034 AS p ON p.u = m.u GROUP BY m.u),
a036 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b035 AS b ON b.u = m.u GROUP BY m.o),
b036 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 36 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a036 AS a ON a.o = m.o JOIN b035 AS p ON p.u = m.u GROUP BY m.u),
a037 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b036 AS b ON b.u = m.u GROUP BY m.o),
b037 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 37 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a037 AS a ON a.o = m.o JOIN b036 AS p ON p.u = m.u GROUP BY m.u),
a038 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b037 AS b ON b.u = m.u GROUP BY m.o),
b038 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 38 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a038 AS a ON a.o = m.o JOIN b037 AS p ON p.u = m.u GROUP BY m.u),
a039 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b038 AS b ON b.u = m.u GROUP BY m.o),
b039 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 39 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a039 AS a ON a.o = m.o JOIN b038 AS p ON p.u = m.u GROUP BY m.u),
a040 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b039 AS b ON b.u = m.u GROUP BY m.o),
b040 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 40 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a040 AS a ON a.o = m.o JOIN b039 AS p ON p.u = m.u GROUP BY m.u),
a041 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b040 AS b ON b.u = m.u GROUP BY m.o),
b041 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 41 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a041 AS a ON a.o = m.o JOIN b040 AS p ON p.u = m.u GROUP BY m.u),
a042 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b041 AS b ON b.u = m.u GROUP BY m.o),
b042 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 42 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a042 AS a ON a.o = m.o JOIN b041 AS p ON p.u = m.u GROUP BY m.u),
a043 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b042 AS b ON b.u = m.u GROUP BY m.o),
b043 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 43 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a043 AS a ON a.o = m.o JOIN b042 AS p ON p.u = m.u GROUP BY m.u),
a044 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b043 AS b ON b.u = m.u GROUP BY m.o),
b044 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 44 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a044 AS a ON a.o = m.o JOIN b043 AS p ON p.u = m.u GROUP BY m.u),
a045 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b044 AS b ON b.u = m.u GROUP BY m.o),
b045 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 45 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a045 AS a ON a.o = m.o JOIN b044 AS p ON p.u = m.u GROUP BY m.u),
a046 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b045 AS b ON b.u = m.u GROUP BY m.o),
b046 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 46 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a046 AS a ON a.o = m.o JOIN b045 AS p ON p.u = m.u GROUP BY m.u),
a047 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b046 AS b ON b.u = m.u GROUP BY m.o),
b047 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 47 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a047 AS a ON a.o = m.o JOIN b046 AS p ON p.u = m.u GROUP BY m.u),
a048 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b047 AS b ON b.u = m.u GROUP BY m.o),
b048 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 48 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a048 AS a ON a.o = m.o JOIN b047 AS p ON p.u = m.u GROUP BY m.u),
a049 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b048 AS b ON b.u = m.u GROUP BY m.o),
b049 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 49 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a049 AS a ON a.o = m.o JOIN b048 AS p ON p.u = m.u GROUP BY m.u),
a050 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b049 AS b ON b.u = m.u GROUP BY m.o),
b050 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 50 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a050 AS a ON a.o = m.o JOIN b049 AS p ON p.u = m.u GROUP BY m.u),
a051 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b050 AS b ON b.u = m.u GROUP BY m.o),
b051 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 51 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a051 AS a ON a.o = m.o JOIN b050 AS p ON p.u = m.u GROUP BY m.u),
a052 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b051 AS b ON b.u = m.u GROUP BY m.o),
b052 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 52 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a052 AS a ON a.o = m.o JOIN b051 AS p ON p.u = m.u GROUP BY m.u),
a053 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b052 AS b ON b.u = m.u GROUP BY m.o),
b053 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 53 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a053 AS a ON a.o = m.o JOIN b052 AS p ON p.u = m.u GROUP BY m.u),
a054 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b053 AS b ON b.u = m.u GROUP BY m.o),
b054 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 54 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a054 AS a ON a.o = m.o JOIN b053 AS p ON p.u = m.u GROUP BY m.u),
a055 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b054 AS b ON b.u = m.u GROUP BY m.o),
b055 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 55 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a055 AS a ON a.o = m.o JOIN b054 AS p ON p.u = m.u GROUP BY m.u),
a056 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b055 AS b ON b.u = m.u GROUP BY m.o),
b056 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 56 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a056 AS a ON a.o = m.o JOIN b055 AS p ON p.u = m.u GROUP BY m.u),
a057 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b056 AS b ON b.u = m.u GROUP BY m.o),
b057 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 57 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a057 AS a ON a.o = m.o JOIN b056 AS p ON p.u = m.u GROUP BY m.u),
a058 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b057 AS b ON b.u = m.u GROUP BY m.o),
b058 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 58 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a058 AS a ON a.o = m.o JOIN b057 AS p ON p.u = m.u GROUP BY m.u),
a059 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b058 AS b ON b.u = m.u GROUP BY m.o),
b059 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 59 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a059 AS a ON a.o = m.o JOIN b058 AS p ON p.u = m.u GROUP BY m.u),
a060 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b059 AS b ON b.u = m.u GROUP BY m.o),
b060 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 60 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a060 AS a ON a.o = m.o JOIN b059 AS p ON p.u = m.u GROUP BY m.u),
a061 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b060 AS b ON b.u = m.u GROUP BY m.o),
b061 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 61 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a061 AS a ON a.o = m.o JOIN b060 AS p ON p.u = m.u GROUP BY m.u),
a062 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b061 AS b ON b.u = m.u GROUP BY m.o),
b062 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 62 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a062 AS a ON a.o = m.o JOIN b061 AS p ON p.u = m.u GROUP BY m.u),
a063 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b062 AS b ON b.u = m.u GROUP BY m.o),
b063 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 63 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a063 AS a ON a.o = m.o JOIN b062 AS p ON p.u = m.u GROUP BY m.u),
a064 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b063 AS b ON b.u = m.u GROUP BY m.o),
b064 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 64 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a064 AS a ON a.o = m.o JOIN b063 AS p ON p.u = m.u GROUP BY m.u),
a065 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b064 AS b ON b.u = m.u GROUP BY m.o),
b065 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 65 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a065 AS a ON a.o = m.o JOIN b064 AS p ON p.u = m.u GROUP BY m.u),
a066 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b065 AS b ON b.u = m.u GROUP BY m.o),
b066 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 66 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a066 AS a ON a.o = m.o JOIN b065 AS p ON p.u = m.u GROUP BY m.u),
a067 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b066 AS b ON b.u = m.u GROUP BY m.o),
b067 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 67 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a067 AS a ON a.o = m.o JOIN b066 AS p ON p.u = m.u GROUP BY m.u),
a068 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b067 AS b ON b.u = m.u GROUP BY m.o),
b068 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 68 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a068 AS a ON a.o = m.o JOIN b067 AS p ON p.u = m.u GROUP BY m.u),
a069 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b068 AS b ON b.u = m.u GROUP BY m.o),
b069 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 69 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a069 AS a ON a.o = m.o JOIN b068 AS p ON p.u = m.u GROUP BY m.u),
a070 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b069 AS b ON b.u = m.u GROUP BY m.o),
b070 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 70 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a070 AS a ON a.o = m.o JOIN b069 AS p ON p.u = m.u GROUP BY m.u),
a071 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b070 AS b ON b.u = m.u GROUP BY m.o),
b071 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 71 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a071 AS a ON a.o = m.o JOIN b070 AS p ON p.u = m.u GROUP BY m.u),
a072 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b071 AS b ON b.u = m.u GROUP BY m.o),
b072 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 72 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a072 AS a ON a.o = m.o JOIN b071 AS p ON p.u = m.u GROUP BY m.u),
a073 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b072 AS b ON b.u = m.u GROUP BY m.o),
b073 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 73 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a073 AS a ON a.o = m.o JOIN b072 AS p ON p.u = m.u GROUP BY m.u),
a074 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b073 AS b ON b.u = m.u GROUP BY m.o),
b074 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 74 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a074 AS a ON a.o = m.o JOIN b073 AS p ON p.u = m.u GROUP BY m.u),
a075 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b074 AS b ON b.u = m.u GROUP BY m.o),
b075 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 75 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a075 AS a ON a.o = m.o JOIN b074 AS p ON p.u = m.u GROUP BY m.u),
a076 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b075 AS b ON b.u = m.u GROUP BY m.o),
b076 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 76 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a076 AS a ON a.o = m.o JOIN b075 AS p ON p.u = m.u GROUP BY m.u),
a077 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b076 AS b ON b.u = m.u GROUP BY m.o),
b077 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 77 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a077 AS a ON a.o = m.o JOIN b076 AS p ON p.u = m.u GROUP BY m.u),
a078 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b077 AS b ON b.u = m.u GROUP BY m.o),
b078 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 78 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a078 AS a ON a.o = m.o JOIN b077 AS p ON p.u = m.u GROUP BY m.u),
a079 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b078 AS b ON b.u = m.u GROUP BY m.o),
b079 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 79 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a079 AS a ON a.o = m.o JOIN b078 AS p ON p.u = m.u GROUP BY m.u),
a080 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b079 AS b ON b.u = m.u GROUP BY m.o),
b080 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 80 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a080 AS a ON a.o = m.o JOIN b079 AS p ON p.u = m.u GROUP BY m.u),
a081 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b080 AS b ON b.u = m.u GROUP BY m.o),
b081 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 81 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a081 AS a ON a.o = m.o JOIN b080 AS p ON p.u = m.u GROUP BY m.u),
a082 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b081 AS b ON b.u = m.u GROUP BY m.o),
b082 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 82 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a082 AS a ON a.o = m.o JOIN b081 AS p ON p.u = m.u GROUP BY m.u),
a083 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b082 AS b ON b.u = m.u GROUP BY m.o),
b083 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 83 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a083 AS a ON a.o = m.o JOIN b082 AS p ON p.u = m.u GROUP BY m.u),
a084 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b083 AS b ON b.u = m.u GROUP BY m.o),
b084 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 84 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a084 AS a ON a.o = m.o JOIN b083 AS p ON p.u = m.u GROUP BY m.u),
a085 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b084 AS b ON b.u = m.u GROUP BY m.o),
b085 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 85 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a085 AS a ON a.o = m.o JOIN b084 AS p ON p.u = m.u GROUP BY m.u),
a086 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b085 AS b ON b.u = m.u GROUP BY m.o),
b086 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 86 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a086 AS a ON a.o = m.o JOIN b085 AS p ON p.u = m.u GROUP BY m.u),
a087 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b086 AS b ON b.u = m.u GROUP BY m.o),
b087 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 87 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a087 AS a ON a.o = m.o JOIN b086 AS p ON p.u = m.u GROUP BY m.u),
a088 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b087 AS b ON b.u = m.u GROUP BY m.o),
b088 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 88 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a088 AS a ON a.o = m.o JOIN b087 AS p ON p.u = m.u GROUP BY m.u),
a089 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b088 AS b ON b.u = m.u GROUP BY m.o),
b089 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 89 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a089 AS a ON a.o = m.o JOIN b088 AS p ON p.u = m.u GROUP BY m.u),
a090 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b089 AS b ON b.u = m.u GROUP BY m.o),
b090 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 90 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a090 AS a ON a.o = m.o JOIN b089 AS p ON p.u = m.u GROUP BY m.u),
a091 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b090 AS b ON b.u = m.u GROUP BY m.o),
b091 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 91 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a091 AS a ON a.o = m.o JOIN b090 AS p ON p.u = m.u GROUP BY m.u),
a092 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b091 AS b ON b.u = m.u GROUP BY m.o),
b092 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 92 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a092 AS a ON a.o = m.o JOIN b091 AS p ON p.u = m.u GROUP BY m.u),
a093 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b092 AS b ON b.u = m.u GROUP BY m.o),
b093 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 93 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a093 AS a ON a.o = m.o JOIN b092 AS p ON p.u = m.u GROUP BY m.u),
a094 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b093 AS b ON b.u = m.u GROUP BY m.o),
b094 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 94 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a094 AS a ON a.o = m.o JOIN b093 AS p ON p.u = m.u GROUP BY m.u),
a095 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b094 AS b ON b.u = m.u GROUP BY m.o),
b095 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 95 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a095 AS a ON a.o = m.o JOIN b094 AS p ON p.u = m.u GROUP BY m.u),
a096 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b095 AS b ON b.u = m.u GROUP BY m.o),
b096 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 96 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a096 AS a ON a.o = m.o JOIN b095 AS p ON p.u = m.u GROUP BY m.u),
a097 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b096 AS b ON b.u = m.u GROUP BY m.o),
b097 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 97 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a097 AS a ON a.o = m.o JOIN b096 AS p ON p.u = m.u GROUP BY m.u),
a098 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b097 AS b ON b.u = m.u GROUP BY m.o),
b098 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 98 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a098 AS a ON a.o = m.o JOIN b097 AS p ON p.u = m.u GROUP BY m.u),
a099 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b098 AS b ON b.u = m.u GROUP BY m.o),
b099 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 99 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a099 AS a ON a.o = m.o JOIN b098 AS p ON p.u = m.u GROUP BY m.u),
a100 AS (SELECT m.o, MAX(m.r) / SUM(m.x * b.b) AS a FROM seed AS m JOIN b099 AS b ON b.u = m.u GROUP BY m.o),
b100 AS (SELECT m.u, MAX(m.c) / SUM(m.x * a.a) AS b, CASE WHEN ABS(MAX(p.b) * SUM(m.x * a.a) / MAX(m.c) - 1) > 1e-6 THEN 100 ELSE MAX(p.n) END AS n FROM seed AS m JOIN a100 AS a ON a.o = m.o JOIN b099 AS p ON p.u = m.u GROUP BY m.u),
-- The fitted area matrix: seed × occupation factor × unit factor.
fitted AS (
  SELECT m.u, m.o, m.x * a.a * b.b AS x
  FROM matrix AS m
  JOIN a100 AS a ON a.o = m.o
  JOIN b100 AS b ON b.u = m.u
),
-- The occupation factors a, scaled to average 1 over the matrix's seed employment.
occupation_factors AS (
  SELECT a.o, a.a, rs.seed
  FROM a100 AS a
  JOIN row_sums AS rs ON rs.o = a.o
),
factors AS (
  SELECT o, a * (SELECT SUM(seed) FROM occupation_factors) / (SELECT SUM(a * seed) FROM occupation_factors) AS a
  FROM occupation_factors
),
fit AS (
  SELECT
    (SELECT MAX(n) FROM b100) AS iterations,
    (SELECT MAX(ABS(f.t / rt.r - 1)) FROM (SELECT o, SUM(x) AS t FROM fitted GROUP BY o) AS f
     JOIN row_targets AS rt ON rt.o = f.o) AS max_gap,
    (SELECT COUNT(*) FROM row_targets WHERE fitted) AS occupations_fitted
),
region_fitted AS (
  SELECT
    c.own_code, c.industry_code, c.soc_code,
    c.share * COALESCE(f.a, 1.0)
      / SUM(c.share * COALESCE(f.a, 1.0)) OVER (PARTITION BY c.own_code, c.industry_code) AS fitted_share
  FROM cells AS c
  LEFT JOIN factors AS f ON f.o = c.soc_code
)
SELECT
  c.own_code,
  c.industry_code,
  c.in_partnership,
  c.soc_code,
  c.soc_title,
  c.pct_total,
  c.employment_unscaled,
  c.employment_unfitted,
  CASE WHEN fit.iterations IS NOT NULL THEN u.employment * rf.fitted_share END AS employment_fitted,
  settings.fit_area,
  CASE WHEN fit.iterations IS NOT NULL THEN (SELECT MAX(year) FROM fit_year) END AS fit_year,
  fit.iterations AS fit_iterations,
  fit.max_gap AS fit_max_gap,
  fit.max_gap <= 1e-6 AS fit_converged,
  CASE WHEN fit.iterations IS NOT NULL THEN fit.occupations_fitted END AS fit_occupations
FROM cells AS c
CROSS JOIN settings
CROSS JOIN fit
JOIN units AS u ON u.geo = 'region' AND u.own_code = c.own_code AND u.industry_code = c.industry_code
LEFT JOIN region_fitted AS rf
  ON rf.own_code = c.own_code AND rf.industry_code = c.industry_code AND rf.soc_code = c.soc_code
