-- mart_industry_profile: the partnership industry's profile in the region and each of its counties.
-- Grain: one row per geo_id × own_code × industry_code × year × qtr, for the configured NAICS codes and the
-- industries under them down to the configured detail, and the configured ownerships.
-- Sources: int_qcew_geo_lq, stg_qcew (titles), the industry selection and ownerships.
WITH selection AS (
  SELECT naics_code, prefix, detail_digits FROM {{source "industry_selection"}}
),
lq AS (
  SELECT * FROM {{ref "int_qcew_geo_lq"}}
  WHERE own_code IN (SELECT own_code FROM {{source "ownership"}})
),
-- Each industry once, under the first configured code it falls under (a code may sit under two).
matches AS (
  SELECT
    i.industry_code, s.naics_code, s.prefix,
    ROW_NUMBER() OVER (PARTITION BY i.industry_code ORDER BY s.naics_code, s.prefix) AS pick
  FROM (SELECT DISTINCT industry_code FROM lq) AS i
  JOIN selection AS s
    ON i.industry_code = s.naics_code
    OR (
      STARTS_WITH(i.industry_code, s.prefix)
      AND NOT STRPOS(i.industry_code, '-') > 0
      AND LENGTH(i.industry_code) > LENGTH(s.prefix)
      AND LENGTH(i.industry_code) <= s.detail_digits
    )
),
selected_industries AS (
  SELECT industry_code, naics_code AS partnership_naics, prefix FROM matches WHERE pick = 1
),
industry_titles AS (
  SELECT industry_code, MAX(industry_title) AS industry_title
  FROM {{ref "stg_qcew"}}
  WHERE industry_title IS NOT NULL
  GROUP BY industry_code
),
own_titles AS (
  SELECT own_code, MAX(own_title) AS own_title
  FROM {{ref "stg_qcew"}}
  WHERE own_title IS NOT NULL
  GROUP BY own_code
),
reference_titles AS (
  SELECT area_fips, MAX(area_title) AS area_title
  FROM {{ref "stg_qcew"}}
  WHERE area_title IS NOT NULL
  GROUP BY area_fips
)
SELECT
  lq.geo_type,
  lq.geo_id,
  lq.geo_name,
  lq.own_code,
  COALESCE(o.own_title, lq.own_code) AS own_title,
  lq.industry_code,
  COALESCE(t.industry_title, lq.industry_code) AS industry_title,
  CASE WHEN STRPOS(lq.industry_code, '-') > 0 THEN 2 ELSE LENGTH(lq.industry_code) END AS naics_level,
  -- One level up: the configured code for its first level of detail ("336" under "31-33"), else one digit less.
  CASE
    WHEN lq.industry_code = si.partnership_naics THEN NULL
    WHEN LENGTH(lq.industry_code) - 1 = LENGTH(si.prefix) THEN si.partnership_naics
    ELSE SUBSTR(lq.industry_code, 1, LENGTH(lq.industry_code) - 1)
  END AS parent_code,
  si.partnership_naics,
  lq.year,
  lq.qtr,
  CASE WHEN lq.qtr = 'A' THEN lq.year ELSE lq.year || ' Q' || lq.qtr END AS period,
  lq.is_suppressed,
  -- BLS's own suppression is primary: the values are not in the files, so nothing published can restore them.
  CASE WHEN lq.is_suppressed THEN 'source' END AS suppression,
  lq.n_areas AS n_counties,
  lq.n_areas_suppressed AS n_counties_suppressed,
  lq.estabs,
  lq.month1_emplvl,
  lq.month2_emplvl,
  lq.month3_emplvl,
  lq.avg_emplvl,
  lq.total_wages,
  lq.avg_wkly_wage,
  lq.share_of_area_emplvl,
  lq.lq_estabs,
  lq.lq_month1_emplvl,
  lq.lq_month2_emplvl,
  lq.lq_month3_emplvl,
  lq.lq_avg_emplvl,
  lq.lq_total_wages,
  lq.lq_avg_wkly_wage,
  lq.lq_note,
  lq.reference_area,
  COALESCE(r.area_title, lq.reference_area) AS reference_area_title,
  lq.oty_is_suppressed,
  lq.oty_estabs_chg,
  lq.oty_month3_emplvl_chg,
  {{safe_divide "100.0 * lq.oty_month3_emplvl_chg" "lq.month3_emplvl - lq.oty_month3_emplvl_chg"}} AS oty_month3_emplvl_pct_chg,
  lq.oty_avg_emplvl_chg,
  {{safe_divide "100.0 * lq.oty_avg_emplvl_chg" "lq.avg_emplvl - lq.oty_avg_emplvl_chg"}} AS oty_avg_emplvl_pct_chg,
  lq.oty_total_wages_chg,
  {{safe_divide "100.0 * lq.oty_total_wages_chg" "lq.total_wages - lq.oty_total_wages_chg"}} AS oty_total_wages_pct_chg
FROM lq
JOIN selected_industries AS si ON si.industry_code = lq.industry_code
LEFT JOIN industry_titles AS t ON t.industry_code = lq.industry_code
LEFT JOIN own_titles AS o ON o.own_code = lq.own_code
LEFT JOIN reference_titles AS r ON r.area_fips = lq.reference_area
