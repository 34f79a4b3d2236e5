-- mart_shift_share: classic (Dunn/Creamer) shift-share of the partnership industry's employment change.
-- Grain: one row per geo_id × own_code × industry_code × base_year × end_year, for the region and each county,
-- the industries and ownerships of mart_industry_trends, and a residual row per parent industry whose detail
-- is not disclosed at both ends ('residual:<parent>', 'Suppressed or unallocated').
-- Sources: mart_industry_trends (industries, hierarchy), int_qcew_trend_annual (annual employment of the
-- region, its counties and the reference area).
-- With G the reference area's all-industry growth (own_code 0, industry 10), G_i the reference area's growth in
-- the industry (same ownership) and g the area's own growth, from base-year employment e0:
--   national share NS = e0·G, industry mix IM = e0·(G_i − G), competitive effect RS = e0·(g − G_i),
--   so NS + IM + RS = e_end − e0 (RS is the whole change when e0 = 0).
-- Periods: every pair of years with annual values (is_full_span marks first to last). When a single year is
-- loaded, the base is the year before, implied by BLS's over-the-year change for the area and the reference
-- area alike (base = end − oty change; base_source 'oty_implied').
-- An implied base cannot see a county that had the industry a year earlier and has no row now (BLS writes no
-- row for it): that loss is missing from the region's base. Load the base year to get it.
-- Residual: the parent's employment minus its children known at both ends (base and end); its reference growth
-- is the reference area's residual over the same children, or the parent's growth when that is not available.
-- A side that is suppressed or missing leaves the parts empty and is_complete false, never a zero.
WITH industries AS (
  SELECT
    own_code, industry_code,
    MAX(own_title) AS own_title,
    MAX(industry_title) AS industry_title,
    MAX(naics_level) AS naics_level,
    MAX(parent_code) AS parent_code,
    MAX(partnership_naics) AS partnership_naics
  FROM {{ref "mart_industry_trends"}}
  WHERE row_type = 'industry'
  GROUP BY own_code, industry_code
),
annual AS (
  SELECT a.*
  FROM {{ref "int_qcew_trend_annual"}} AS a
  WHERE (a.own_code = '0' AND a.industry_code = '10')
     OR EXISTS (SELECT 1 FROM industries AS i WHERE i.own_code = a.own_code AND i.industry_code = a.industry_code)
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
periods AS (
  SELECT
    b.year AS base_year, e.year AS end_year, 'loaded' AS base_source,
    b.year = span.first_year AND e.year = span.last_year AS is_full_span
  FROM complete_years AS b
  JOIN complete_years AS e ON b.year < e.year
  CROSS JOIN span
  UNION ALL
  SELECT
    CAST(CAST(y.year AS {{type "int64"}}) - 1 AS {{type "string"}}) AS base_year, y.year AS end_year,
    'oty_implied' AS base_source, TRUE AS is_full_span
  FROM complete_years AS y
  CROSS JOIN span
  WHERE span.n_years = 1
),
series AS (
  SELECT geo_type, geo_id, MAX(geo_name) AS geo_name, own_code, industry_code
  FROM annual
  GROUP BY geo_type, geo_id, own_code, industry_code
),
-- Base and end employment of every series in every period.
ends AS (
  SELECT
    s.geo_type, s.geo_id, s.geo_name, s.own_code, s.industry_code,
    p.base_year, p.end_year, p.base_source, p.is_full_span,
    e.avg_emplvl AS end_emplvl,
    CASE
      WHEN p.base_source = 'loaded' THEN b.avg_emplvl
      ELSE e.avg_emplvl - e.oty_avg_emplvl_chg
    END AS base_emplvl,
    CASE
      WHEN e.year IS NULL THEN 'no row in the end year'
      WHEN e.annual_basis = 'quarters incomplete' THEN 'end year incomplete'
      WHEN e.is_suppressed THEN 'end suppressed'
      WHEN e.avg_emplvl IS NULL THEN 'end not available'
    END AS end_issue,
    CASE
      WHEN p.base_source = 'oty_implied' AND e.year IS NULL THEN 'no row in the end year'
      WHEN p.base_source = 'oty_implied' AND e.oty_is_suppressed THEN 'over-the-year change suppressed'
      WHEN p.base_source = 'oty_implied' AND e.oty_avg_emplvl_chg IS NULL THEN 'over-the-year change not available'
      WHEN p.base_source = 'loaded' AND b.year IS NULL THEN 'no row in the base year'
      WHEN p.base_source = 'loaded' AND b.annual_basis = 'quarters incomplete' THEN 'base year incomplete'
      WHEN p.base_source = 'loaded' AND b.is_suppressed THEN 'base suppressed'
      WHEN p.base_source = 'loaded' AND b.avg_emplvl IS NULL THEN 'base not available'
    END AS base_issue
  FROM series AS s
  CROSS JOIN periods AS p
  LEFT JOIN annual AS e
    ON e.geo_type = s.geo_type AND e.geo_id = s.geo_id AND e.own_code = s.own_code
   AND e.industry_code = s.industry_code AND e.year = p.end_year
  LEFT JOIN annual AS b
    ON p.base_source = 'loaded' AND b.geo_type = s.geo_type AND b.geo_id = s.geo_id AND b.own_code = s.own_code
   AND b.industry_code = s.industry_code AND b.year = p.base_year
  WHERE e.year IS NOT NULL OR b.year IS NOT NULL
),
area_ends AS (
  SELECT n.*, i.own_title, i.industry_title, i.naics_level, i.parent_code, i.partnership_naics
  FROM ends AS n
  JOIN industries AS i ON i.own_code = n.own_code AND i.industry_code = n.industry_code
  WHERE n.geo_type IN ('region', 'county')
),
reference_ends AS (
  SELECT * FROM ends WHERE geo_type = 'reference'
),
residual_parts AS (
  SELECT
    p.geo_type, p.geo_id, p.geo_name, p.own_code, p.own_title, p.industry_code AS parent_code,
    p.naics_level AS parent_level, p.partnership_naics,
    p.base_year, p.end_year, p.base_source, p.is_full_span,
    p.base_emplvl AS parent_base, p.end_emplvl AS parent_end, p.base_issue AS parent_base_issue,
    p.end_issue AS parent_end_issue,
    rp.base_emplvl AS reference_parent_base, rp.end_emplvl AS reference_parent_end,
    COUNT(*) AS n_children,
    SUM(CASE WHEN c.base_emplvl IS NULL OR c.end_emplvl IS NULL THEN 1 ELSE 0 END) AS n_children_in_residual,
    SUM(CASE WHEN c.base_emplvl IS NOT NULL AND c.end_emplvl IS NOT NULL THEN c.base_emplvl END) AS known_base,
    SUM(CASE WHEN c.base_emplvl IS NOT NULL AND c.end_emplvl IS NOT NULL THEN c.end_emplvl END) AS known_end,
    SUM(CASE WHEN c.base_emplvl IS NOT NULL AND c.end_emplvl IS NOT NULL THEN rc.base_emplvl END) AS reference_known_base,
    SUM(CASE WHEN c.base_emplvl IS NOT NULL AND c.end_emplvl IS NOT NULL THEN rc.end_emplvl END) AS reference_known_end,
    SUM(
      CASE WHEN c.base_emplvl IS NOT NULL AND c.end_emplvl IS NOT NULL AND (rc.base_emplvl IS NULL OR rc.end_emplvl IS NULL)
        THEN 1 ELSE 0 END
    ) AS reference_children_missing
  FROM area_ends AS p
  JOIN area_ends AS c
    ON c.geo_type = p.geo_type AND c.geo_id = p.geo_id AND c.own_code = p.own_code AND c.parent_code = p.industry_code
   AND c.base_year = p.base_year AND c.end_year = p.end_year AND c.base_source = p.base_source
  LEFT JOIN reference_ends AS rc
    ON rc.own_code = c.own_code AND rc.industry_code = c.industry_code
   AND rc.base_year = c.base_year AND rc.end_year = c.end_year AND rc.base_source = c.base_source
  LEFT JOIN reference_ends AS rp
    ON rp.own_code = p.own_code AND rp.industry_code = p.industry_code
   AND rp.base_year = p.base_year AND rp.end_year = p.end_year AND rp.base_source = p.base_source
  GROUP BY
    p.geo_type, p.geo_id, p.geo_name, p.own_code, p.own_title, p.industry_code, p.naics_level, p.partnership_naics,
    p.base_year, p.end_year, p.base_source, p.is_full_span, p.base_emplvl, p.end_emplvl, p.base_issue, p.end_issue,
    rp.base_emplvl, rp.end_emplvl
),
residual_rows AS (
  SELECT
    geo_type, geo_id, geo_name, own_code, own_title,
    'residual' AS row_type,
    'residual:' || parent_code AS industry_code,
    'Suppressed or unallocated' AS industry_title,
    parent_level + 1 AS naics_level,
    parent_code, partnership_naics, base_year, end_year, base_source, is_full_span,
    parent_base - COALESCE(known_base, 0) AS base_emplvl,
    parent_end - COALESCE(known_end, 0) AS end_emplvl,
    CASE WHEN parent_base_issue IS NOT NULL THEN 'parent: ' || parent_base_issue END AS base_issue,
    CASE WHEN parent_end_issue IS NOT NULL THEN 'parent: ' || parent_end_issue END AS end_issue,
    CASE
      WHEN reference_children_missing = 0 THEN reference_parent_base - COALESCE(reference_known_base, 0)
      ELSE reference_parent_base
    END AS reference_industry_base,
    CASE
      WHEN reference_children_missing = 0 THEN reference_parent_end - COALESCE(reference_known_end, 0)
      ELSE reference_parent_end
    END AS reference_industry_end,
    CASE WHEN reference_children_missing = 0 THEN 'reference residual' ELSE 'parent industry' END AS reference_industry_basis,
    n_children, n_children_in_residual
  FROM residual_parts
  WHERE n_children_in_residual > 0
     OR ABS(parent_base - COALESCE(known_base, 0)) > 0.000001
     OR ABS(parent_end - COALESCE(known_end, 0)) > 0.000001
),
industry_rows AS (
  SELECT
    a.geo_type, a.geo_id, a.geo_name, a.own_code, a.own_title,
    'industry' AS row_type,
    a.industry_code, a.industry_title, a.naics_level, a.parent_code, a.partnership_naics,
    a.base_year, a.end_year, a.base_source, a.is_full_span,
    a.base_emplvl, a.end_emplvl, a.base_issue, a.end_issue,
    r.base_emplvl AS reference_industry_base,
    r.end_emplvl AS reference_industry_end,
    'industry' AS reference_industry_basis,
    CAST(NULL AS {{type "int64"}}) AS n_children,
    CAST(NULL AS {{type "int64"}}) AS n_children_in_residual
  FROM area_ends AS a
  LEFT JOIN reference_ends AS r
    ON r.own_code = a.own_code AND r.industry_code = a.industry_code
   AND r.base_year = a.base_year AND r.end_year = a.end_year AND r.base_source = a.base_source
),
all_rows AS (
  SELECT * FROM industry_rows
  UNION ALL
  SELECT * FROM residual_rows
),
reference_totals AS (
  SELECT geo_id AS reference_area, geo_name AS reference_area_title, base_year, end_year, base_source,
         base_emplvl AS reference_total_base, end_emplvl AS reference_total_end
  FROM reference_ends
  WHERE own_code = '0' AND industry_code = '10'
),
rates AS (
  SELECT
    r.*,
    t.reference_area, t.reference_area_title, t.reference_total_base, t.reference_total_end,
    {{safe_divide "t.reference_total_end" "t.reference_total_base"}} - 1 AS national_growth_rate,
    {{safe_divide "r.reference_industry_end" "r.reference_industry_base"}} - 1 AS industry_growth_rate,
    {{safe_divide "r.end_emplvl" "r.base_emplvl"}} - 1 AS regional_growth_rate
  FROM all_rows AS r
  LEFT JOIN reference_totals AS t
    ON t.base_year = r.base_year AND t.end_year = r.end_year AND t.base_source = r.base_source
),
parts AS (
  SELECT
    *,
    end_emplvl - base_emplvl AS actual_change,
    base_emplvl IS NOT NULL AND end_emplvl IS NOT NULL AND national_growth_rate IS NOT NULL
      AND (industry_growth_rate IS NOT NULL OR base_emplvl = 0) AS is_complete,
    base_emplvl * national_growth_rate AS national_share,
    CASE WHEN base_emplvl = 0 THEN 0 ELSE base_emplvl * (industry_growth_rate - national_growth_rate) END AS industry_mix,
    CASE
      WHEN base_emplvl = 0 THEN end_emplvl
      ELSE base_emplvl * (regional_growth_rate - industry_growth_rate)
    END AS competitive_effect
  FROM rates
)
SELECT
  geo_type, geo_id, geo_name, own_code, own_title, row_type,
  industry_code, industry_title, naics_level, parent_code, partnership_naics,
  base_year, end_year, base_source, is_full_span,
  base_emplvl, end_emplvl, actual_change,
  regional_growth_rate,
  reference_area, reference_area_title,
  reference_total_base, reference_total_end, national_growth_rate,
  reference_industry_base, reference_industry_end, reference_industry_basis, industry_growth_rate,
  -- All three parts or none: a part computable from one side alone would not add up to anything.
  CASE WHEN is_complete THEN national_share END AS national_share,
  CASE WHEN is_complete THEN industry_mix END AS industry_mix,
  CASE WHEN is_complete THEN competitive_effect END AS competitive_effect,
  CASE WHEN is_complete THEN national_share + industry_mix END AS expected_change,
  n_children, n_children_in_residual,
  base_emplvl IS NOT NULL AS base_complete,
  end_emplvl IS NOT NULL AS end_complete,
  is_complete,
  CASE
    WHEN is_complete THEN NULL
    WHEN end_issue IS NOT NULL THEN end_issue
    WHEN base_issue IS NOT NULL THEN base_issue
    WHEN base_emplvl IS NULL THEN 'base not available'
    WHEN end_emplvl IS NULL THEN 'end not available'
    WHEN reference_total_base IS NULL OR reference_total_end IS NULL THEN 'reference all-industry total not available'
    WHEN national_growth_rate IS NULL THEN 'reference all-industry total is zero in the base year'
    WHEN reference_industry_base IS NULL OR reference_industry_end IS NULL THEN 'reference industry not available'
    ELSE 'reference industry is zero in the base year'
  END AS incomplete_reason
FROM parts
