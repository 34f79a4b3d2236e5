-- mart_industry_trends: the partnership industry's profile over time, year by year, in the region and each county.
-- Grain: one row per geo_id × own_code × industry_code × year, for the industries and ownerships of
-- mart_industry_profile, plus one residual row per parent industry whose detail is not fully disclosed
-- (row_type 'residual', industry_code 'residual:<parent>', titled 'Suppressed or unallocated').
-- Sources: int_qcew_trend_annual (annual values), int_qcew_geo_lq (LQs of annual files), mart_industry_profile
-- (the industries, their titles and hierarchy), settings (the reference area).
-- Annual values come from annual files, or from quarterly files as the mean of the year's four quarters when all
-- four are loaded (annual_basis says which). A residual is the parent's value minus its children disclosed in
-- every year of the span: the same children every year, so the residual's change over time is comparable. It
-- holds the suppressed children (and anything BLS leaves unallocated); it is never a zero standing in for them.
-- Changes: from the previous calendar year when it is loaded, and over the span from the first to the last year
-- with annual values; CAGR = (last / first)^(1 / years) - 1. BLS's own over-the-year change (oty_) sits beside
-- the two-year difference, with oty_emp_check saying whether they agree within rounding.
WITH industries AS (
  SELECT
    own_code, industry_code,
    MAX(own_title) AS own_title,
    MAX(industry_title) AS industry_title,
    MAX(naics_level) AS naics_level,
    MAX(parent_code) AS parent_code,
    MAX(partnership_naics) AS partnership_naics
  FROM {{ref "mart_industry_profile"}}
  GROUP BY own_code, industry_code
),
settings AS (
  SELECT reference_area FROM {{source "settings"}}
),
annual AS (
  SELECT *
  FROM {{ref "int_qcew_trend_annual"}}
),
complete_years AS (
  SELECT DISTINCT year
  FROM annual
  WHERE geo_type = 'region' AND annual_basis <> 'quarters incomplete'
),
span AS (
  SELECT MIN(year) AS first_year, MAX(year) AS last_year, COUNT(*) AS n_years
  FROM complete_years
),
area_totals AS (
  SELECT geo_type, geo_id, year, avg_emplvl AS total_emplvl
  FROM annual
  WHERE own_code = '0' AND industry_code = '10'
),
reference_cells AS (
  SELECT own_code, industry_code, year, geo_id AS reference_area, is_suppressed, avg_emplvl
  FROM annual
  WHERE geo_type = 'reference'
),
reference_totals AS (
  SELECT year, avg_emplvl AS total_emplvl
  FROM reference_cells
  WHERE own_code = '0' AND industry_code = '10'
),
annual_file_lq AS (
  SELECT geo_id, own_code, industry_code, year, lq_avg_emplvl, lq_note
  FROM {{ref "int_qcew_geo_lq"}}
  WHERE qtr = 'A'
),
industry_rows AS (
  SELECT
    a.geo_type, a.geo_id, a.geo_name, a.own_code, i.own_title,
    'industry' AS row_type,
    a.industry_code, i.industry_title, i.naics_level, i.parent_code, i.partnership_naics,
    a.year, a.annual_basis, a.n_areas, a.n_areas_suppressed, a.is_suppressed,
    a.estabs, a.avg_emplvl, a.total_wages,
    a.oty_is_suppressed, a.oty_estabs_chg, a.oty_avg_emplvl_chg, a.oty_total_wages_chg,
    -- The LQ of an annual file is the one int_qcew_geo_lq computes; a year of quarters is computed the same way
    -- from annual averages (BLS's definition: region and reference shares of their all-industry totals).
    CASE
      WHEN a.annual_basis = 'annual file' THEN l.lq_avg_emplvl
      ELSE {{safe_divide (safe_divide "a.avg_emplvl" "t.total_emplvl") (safe_divide "r.avg_emplvl" "rt.total_emplvl")}}
    END AS lq_avg_emplvl,
    CASE
      WHEN a.annual_basis = 'annual file' THEN l.lq_note
      WHEN a.annual_basis = 'quarters incomplete' THEN 'quarters incomplete'
      WHEN a.is_suppressed THEN 'cell suppressed'
      WHEN t.total_emplvl IS NULL THEN 'area total not available'
      WHEN r.industry_code IS NULL THEN 'not in the reference area'
      WHEN r.is_suppressed THEN 'suppressed in the reference area'
      WHEN rt.total_emplvl IS NULL THEN 'reference total not available'
    END AS lq_note,
    settings.reference_area,
    CAST(NULL AS {{type "int64"}}) AS n_children,
    CAST(NULL AS {{type "int64"}}) AS n_children_in_residual,
    CAST(NULL AS {{type "int64"}}) AS n_children_steady
  FROM annual AS a
  JOIN industries AS i ON i.own_code = a.own_code AND i.industry_code = a.industry_code
  CROSS JOIN settings
  LEFT JOIN area_totals AS t ON t.geo_type = a.geo_type AND t.geo_id = a.geo_id AND t.year = a.year
  LEFT JOIN reference_cells AS r ON r.own_code = a.own_code AND r.industry_code = a.industry_code AND r.year = a.year
  LEFT JOIN reference_totals AS rt ON rt.year = a.year
  LEFT JOIN annual_file_lq AS l
    ON a.geo_type IN ('region', 'county') AND l.geo_id = a.geo_id AND l.own_code = a.own_code
   AND l.industry_code = a.industry_code AND l.year = a.year
  WHERE a.geo_type IN ('region', 'county')
),
-- Children disclosed in every year of the span stay out of the residual; the others are in it.
steady_children AS (
  SELECT c.geo_type, c.geo_id, c.own_code, c.industry_code
  FROM industry_rows AS c
  JOIN complete_years AS y ON y.year = c.year
  CROSS JOIN span
  WHERE c.parent_code IS NOT NULL AND c.avg_emplvl IS NOT NULL
  GROUP BY c.geo_type, c.geo_id, c.own_code, c.industry_code, span.n_years
  HAVING COUNT(*) = span.n_years
),
residual_parts AS (
  SELECT
    p.geo_type, p.geo_id, p.geo_name, p.own_code, p.own_title, p.industry_code AS parent_code,
    p.naics_level AS parent_level, p.partnership_naics, p.year, p.annual_basis, p.n_areas, p.reference_area,
    p.estabs AS parent_estabs, p.avg_emplvl AS parent_emplvl, p.total_wages AS parent_wages,
    p.oty_avg_emplvl_chg AS parent_oty_emplvl, p.oty_total_wages_chg AS parent_oty_wages,
    p.oty_estabs_chg AS parent_oty_estabs, p.oty_is_suppressed AS parent_oty_suppressed,
    p.is_suppressed AS parent_suppressed,
    COUNT(*) AS n_children,
    SUM(CASE WHEN s.industry_code IS NULL THEN 1 ELSE 0 END) AS n_children_in_residual,
    SUM(CASE WHEN s.industry_code IS NOT NULL THEN 1 ELSE 0 END) AS n_children_steady,
    SUM(CASE WHEN s.industry_code IS NOT NULL THEN c.estabs END) AS steady_estabs,
    SUM(CASE WHEN s.industry_code IS NOT NULL THEN c.avg_emplvl END) AS steady_emplvl,
    SUM(CASE WHEN s.industry_code IS NOT NULL THEN c.total_wages END) AS steady_wages,
    SUM(CASE WHEN s.industry_code IS NOT NULL THEN c.oty_avg_emplvl_chg END) AS steady_oty_emplvl,
    SUM(CASE WHEN s.industry_code IS NOT NULL THEN c.oty_total_wages_chg END) AS steady_oty_wages,
    SUM(CASE WHEN s.industry_code IS NOT NULL THEN c.oty_estabs_chg END) AS steady_oty_estabs,
    SUM(CASE WHEN s.industry_code IS NOT NULL AND c.estabs IS NULL THEN 1 ELSE 0 END) AS steady_missing_estabs,
    SUM(CASE WHEN s.industry_code IS NOT NULL AND c.total_wages IS NULL THEN 1 ELSE 0 END) AS steady_missing_wages,
    SUM(CASE WHEN s.industry_code IS NOT NULL AND c.oty_avg_emplvl_chg IS NULL THEN 1 ELSE 0 END) AS steady_missing_oty_emplvl,
    SUM(CASE WHEN s.industry_code IS NOT NULL AND c.oty_total_wages_chg IS NULL THEN 1 ELSE 0 END) AS steady_missing_oty_wages,
    SUM(CASE WHEN s.industry_code IS NOT NULL AND c.oty_estabs_chg IS NULL THEN 1 ELSE 0 END) AS steady_missing_oty_estabs
  FROM industry_rows AS p
  JOIN industry_rows AS c
    ON c.geo_type = p.geo_type AND c.geo_id = p.geo_id AND c.own_code = p.own_code AND c.year = p.year
   AND c.parent_code = p.industry_code
  LEFT JOIN steady_children AS s
    ON s.geo_type = c.geo_type AND s.geo_id = c.geo_id AND s.own_code = c.own_code AND s.industry_code = c.industry_code
  GROUP BY
    p.geo_type, p.geo_id, p.geo_name, p.own_code, p.own_title, p.industry_code, p.naics_level, p.partnership_naics,
    p.year, p.annual_basis, p.n_areas, p.reference_area, p.estabs, p.avg_emplvl, p.total_wages,
    p.oty_avg_emplvl_chg, p.oty_total_wages_chg, p.oty_estabs_chg, p.oty_is_suppressed, p.is_suppressed
),
residual_values AS (
  SELECT
    *,
    CASE WHEN steady_missing_estabs = 0 THEN parent_estabs - COALESCE(steady_estabs, 0) END AS estabs,
    parent_emplvl - COALESCE(steady_emplvl, 0) AS avg_emplvl,
    CASE WHEN steady_missing_wages = 0 THEN parent_wages - COALESCE(steady_wages, 0) END AS total_wages,
    CASE WHEN steady_missing_oty_emplvl = 0 THEN parent_oty_emplvl - COALESCE(steady_oty_emplvl, 0) END AS oty_avg_emplvl_chg,
    CASE WHEN steady_missing_oty_wages = 0 THEN parent_oty_wages - COALESCE(steady_oty_wages, 0) END AS oty_total_wages_chg,
    CASE WHEN steady_missing_oty_estabs = 0 THEN parent_oty_estabs - COALESCE(steady_oty_estabs, 0) END AS oty_estabs_chg
  FROM residual_parts
),
-- A parent gets a residual series when, in some year, a child is in it or it is not zero.
residual_series AS (
  SELECT geo_type, geo_id, own_code, parent_code
  FROM residual_values
  GROUP BY geo_type, geo_id, own_code, parent_code
  HAVING SUM(CASE WHEN n_children_in_residual > 0 OR ABS(avg_emplvl) > 0.000001 THEN 1 ELSE 0 END) > 0
),
residual_rows AS (
  SELECT
    v.geo_type, v.geo_id, v.geo_name, v.own_code, v.own_title,
    'residual' AS row_type,
    'residual:' || v.parent_code AS industry_code,
    'Suppressed or unallocated' AS industry_title,
    v.parent_level + 1 AS naics_level,
    v.parent_code,
    v.partnership_naics,
    v.year, v.annual_basis, v.n_areas,
    CAST(NULL AS {{type "int64"}}) AS n_areas_suppressed,
    v.parent_suppressed AS is_suppressed,
    v.estabs, v.avg_emplvl, v.total_wages,
    v.parent_oty_suppressed AS oty_is_suppressed, v.oty_estabs_chg, v.oty_avg_emplvl_chg, v.oty_total_wages_chg,
    CAST(NULL AS {{type "float64"}}) AS lq_avg_emplvl,
    'residual: no reference counterpart' AS lq_note,
    v.reference_area,
    v.n_children, v.n_children_in_residual, v.n_children_steady
  FROM residual_values AS v
  JOIN residual_series AS rs
    ON rs.geo_type = v.geo_type AND rs.geo_id = v.geo_id AND rs.own_code = v.own_code AND rs.parent_code = v.parent_code
),
all_rows AS (
  SELECT *, {{safe_divide "total_wages" "avg_emplvl * 52"}} AS avg_wkly_wage FROM industry_rows
  UNION ALL
  SELECT *, {{safe_divide "total_wages" "avg_emplvl * 52"}} AS avg_wkly_wage FROM residual_rows
)
SELECT
  r.geo_type, r.geo_id, r.geo_name, r.own_code, r.own_title, r.row_type,
  r.industry_code, r.industry_title, r.naics_level, r.parent_code, r.partnership_naics,
  r.year, r.annual_basis, r.n_areas AS n_counties, r.n_areas_suppressed AS n_counties_suppressed, r.is_suppressed,
  r.n_children, r.n_children_in_residual, r.n_children_steady,
  r.estabs, r.avg_emplvl, r.total_wages, r.avg_wkly_wage,
  r.lq_avg_emplvl, r.lq_note, r.reference_area,
  -- From the previous calendar year.
  p.year AS prev_year,
  r.avg_emplvl - p.avg_emplvl AS emp_chg,
  {{safe_divide "100.0 * (r.avg_emplvl - p.avg_emplvl)" "p.avg_emplvl"}} AS emp_pct_chg,
  r.estabs - p.estabs AS estabs_chg,
  r.total_wages - p.total_wages AS total_wages_chg,
  {{safe_divide "100.0 * (r.total_wages - p.total_wages)" "p.total_wages"}} AS total_wages_pct_chg,
  r.avg_wkly_wage - p.avg_wkly_wage AS avg_wkly_wage_chg,
  {{safe_divide "100.0 * (r.avg_wkly_wage - p.avg_wkly_wage)" "p.avg_wkly_wage"}} AS avg_wkly_wage_pct_chg,
  -- BLS's over-the-year change beside the two-year difference.
  r.oty_is_suppressed,
  r.oty_avg_emplvl_chg AS oty_emp_chg,
  {{safe_divide "100.0 * r.oty_avg_emplvl_chg" "r.avg_emplvl - r.oty_avg_emplvl_chg"}} AS oty_emp_pct_chg,
  r.oty_estabs_chg,
  r.oty_total_wages_chg,
  r.oty_avg_emplvl_chg - (r.avg_emplvl - p.avg_emplvl) AS oty_emp_difference,
  -- Rounding allowed between the two: BLS annual averages are whole jobs, so one job per summed county (and per
  -- summed child for a residual); monthly levels are exact, so none for a mean of quarters.
  CASE
    WHEN r.annual_basis = 'annual file' THEN CAST(r.n_areas * (1 + COALESCE(r.n_children_steady, 0)) AS {{type "float64"}})
    ELSE 0.000001
  END AS oty_emp_tolerance,
  CASE
    WHEN r.oty_avg_emplvl_chg IS NOT NULL AND p.avg_emplvl IS NOT NULL AND r.avg_emplvl IS NOT NULL THEN
      CASE
        WHEN ABS(r.oty_avg_emplvl_chg - (r.avg_emplvl - p.avg_emplvl))
          <= CASE WHEN r.annual_basis = 'annual file' THEN r.n_areas * (1 + COALESCE(r.n_children_steady, 0)) ELSE 0.000001 END
        THEN 'agree'
        ELSE 'disagree'
      END
    WHEN r.oty_avg_emplvl_chg IS NOT NULL THEN 'oty only'
    WHEN p.avg_emplvl IS NOT NULL AND r.avg_emplvl IS NOT NULL THEN 'difference only'
    ELSE 'neither'
  END AS oty_emp_check,
  CASE
    WHEN r.oty_total_wages_chg IS NOT NULL AND p.total_wages IS NOT NULL AND r.total_wages IS NOT NULL THEN
      CASE WHEN ABS(r.oty_total_wages_chg - (r.total_wages - p.total_wages)) <= 0.5 THEN 'agree' ELSE 'disagree' END
    WHEN r.oty_total_wages_chg IS NOT NULL THEN 'oty only'
    WHEN p.total_wages IS NOT NULL AND r.total_wages IS NOT NULL THEN 'difference only'
    ELSE 'neither'
  END AS oty_wages_check,
  -- Over the span, first to last year with annual values.
  span.first_year,
  span.last_year,
  CAST(span.last_year AS {{type "int64"}}) - CAST(span.first_year AS {{type "int64"}}) AS span_years,
  l.avg_emplvl - f.avg_emplvl AS span_emp_chg,
  {{safe_divide "100.0 * (l.avg_emplvl - f.avg_emplvl)" "f.avg_emplvl"}} AS span_emp_pct_chg,
  CASE
    WHEN f.avg_emplvl > 0 AND l.avg_emplvl >= 0 AND span.last_year > span.first_year
      THEN POWER(l.avg_emplvl / f.avg_emplvl, 1.0 / (CAST(span.last_year AS {{type "int64"}}) - CAST(span.first_year AS {{type "int64"}}))) - 1
  END AS emp_cagr,
  l.total_wages - f.total_wages AS span_total_wages_chg,
  CASE
    WHEN f.total_wages > 0 AND l.total_wages >= 0 AND span.last_year > span.first_year
      THEN POWER(l.total_wages / f.total_wages, 1.0 / (CAST(span.last_year AS {{type "int64"}}) - CAST(span.first_year AS {{type "int64"}}))) - 1
  END AS total_wages_cagr
FROM all_rows AS r
CROSS JOIN span
LEFT JOIN all_rows AS p
  ON p.geo_type = r.geo_type AND p.geo_id = r.geo_id AND p.own_code = r.own_code AND p.industry_code = r.industry_code
 AND p.year = CAST(CAST(r.year AS {{type "int64"}}) - 1 AS {{type "string"}})
LEFT JOIN all_rows AS f
  ON f.geo_type = r.geo_type AND f.geo_id = r.geo_id AND f.own_code = r.own_code AND f.industry_code = r.industry_code
 AND f.year = span.first_year
LEFT JOIN all_rows AS l
  ON l.geo_type = r.geo_type AND l.geo_id = r.geo_id AND l.own_code = r.own_code AND l.industry_code = r.industry_code
 AND l.year = span.last_year
