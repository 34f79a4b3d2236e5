-- stg_ep_occupations: BLS Employment Projections occupations (Table 1.10, separations and openings), typed,
-- in jobs, with typical education and other worker characteristics from Table 1.2 when it is loaded.
-- Grain: one row per projection period × National Employment Matrix code (Summary and Line item rows).
-- Sources: raw_ep_occupations (Table 1.10), raw_ep_characteristics (Table 1.2).
-- BLS publishes employment, change, exits, transfers, separations and openings in thousands: here they are
-- multiplied by 1,000 (jobs). Rates stay in percent: BLS applies them to the average of base- and
-- projected-year employment. Exits, transfers, separations and openings are annual averages over the period.
-- Values the tables mark as unavailable ("—") are NULL and named in missing_values. Titles are indented by two
-- spaces per level of the hierarchy; depth counts them (NULL when a file has no indentation, as in a workbook
-- whose indents are cell formatting).
WITH raw AS (
  SELECT
    r.*,
    LENGTH(r.title) - LENGTH(LTRIM(r.title)) AS indent,
    MAX(LENGTH(r.title) - LENGTH(LTRIM(r.title))) OVER (PARTITION BY r._source_file) AS file_max_indent
  FROM {{source "ep_occupations"}} AS r
),
parsed AS (
  SELECT
    {{safe_cast "base_year" "int64"}} AS base_year,
    {{safe_cast "projected_year" "int64"}} AS projected_year,
    TRIM(soc_code) AS soc_code,
    TRIM(title) AS soc_title,
    TRIM(occupation_type) AS occupation_type,
    CASE WHEN file_max_indent > 0 THEN CAST(FLOOR(indent / 2) AS {{type "int64"}}) END AS depth,
    {{safe_cast "REPLACE(TRIM(employment_base), ',', '')" "float64"}} AS employment_base_k,
    {{safe_cast "REPLACE(TRIM(employment_projected), ',', '')" "float64"}} AS employment_projected_k,
    {{safe_cast "REPLACE(TRIM(change_numeric), ',', '')" "float64"}} AS change_k,
    {{safe_cast "REPLACE(TRIM(change_percent), ',', '')" "float64"}} AS percent_change,
    {{safe_cast "TRIM(exit_rate)" "float64"}} AS exit_rate,
    {{safe_cast "TRIM(transfer_rate)" "float64"}} AS transfer_rate,
    {{safe_cast "TRIM(separations_rate)" "float64"}} AS separations_rate,
    {{safe_cast "REPLACE(TRIM(exits), ',', '')" "float64"}} AS exits_k,
    {{safe_cast "REPLACE(TRIM(transfers), ',', '')" "float64"}} AS transfers_k,
    {{safe_cast "REPLACE(TRIM(separations), ',', '')" "float64"}} AS separations_k,
    {{safe_cast "REPLACE(TRIM(openings), ',', '')" "float64"}} AS openings_k,
    TRIM(
      CASE WHEN employment_base IS NOT NULL AND {{safe_cast "REPLACE(TRIM(employment_base), ',', '')" "float64"}} IS NULL THEN 'employment_base ' ELSE '' END
      || CASE WHEN employment_projected IS NOT NULL AND {{safe_cast "REPLACE(TRIM(employment_projected), ',', '')" "float64"}} IS NULL THEN 'employment_projected ' ELSE '' END
      || CASE WHEN change_numeric IS NOT NULL AND {{safe_cast "REPLACE(TRIM(change_numeric), ',', '')" "float64"}} IS NULL THEN 'employment_change ' ELSE '' END
      || CASE WHEN exit_rate IS NOT NULL AND {{safe_cast "TRIM(exit_rate)" "float64"}} IS NULL THEN 'exit_rate ' ELSE '' END
      || CASE WHEN transfer_rate IS NOT NULL AND {{safe_cast "TRIM(transfer_rate)" "float64"}} IS NULL THEN 'transfer_rate ' ELSE '' END
      || CASE WHEN exits IS NOT NULL AND {{safe_cast "REPLACE(TRIM(exits), ',', '')" "float64"}} IS NULL THEN 'annual_exits ' ELSE '' END
      || CASE WHEN transfers IS NOT NULL AND {{safe_cast "REPLACE(TRIM(transfers), ',', '')" "float64"}} IS NULL THEN 'annual_transfers ' ELSE '' END
      || CASE WHEN openings IS NOT NULL AND {{safe_cast "REPLACE(TRIM(openings), ',', '')" "float64"}} IS NULL THEN 'annual_openings ' ELSE '' END
    ) AS missing_text,
    _source_file,
    _vintage
  FROM raw
),
typed AS (
  SELECT
    p.*,
    p.projected_year - p.base_year AS horizon_years,
    CAST(p.base_year AS {{type "string"}}) || '-' || SUBSTR(CAST(p.projected_year AS {{type "string"}}), 3, 2) AS period,
    p.occupation_type = 'Line item' AS is_line_item,
    CASE
      WHEN p.soc_code = '00-0000' THEN 'total'
      WHEN SUBSTR(p.soc_code, 4, 4) = '0000' THEN 'major'
      WHEN SUBSTR(p.soc_code, 6, 2) = '00' THEN 'minor'
      WHEN SUBSTR(p.soc_code, 7, 1) = '0' THEN 'broad'
      ELSE 'detailed'
    END AS soc_level
  FROM parsed AS p
),
-- Worker characteristics (Table 1.2) of the same period; "—" means none (summary rows).
characteristics AS (
  SELECT
    TRIM(soc_code) AS soc_code,
    {{safe_cast "base_year" "int64"}} AS base_year,
    MAX(CASE WHEN TRIM(typical_education) NOT IN ('—', '-', '') THEN TRIM(typical_education) END) AS typical_education,
    MAX(CASE WHEN TRIM(work_experience) NOT IN ('—', '-', '') THEN TRIM(work_experience) END) AS work_experience,
    MAX(CASE WHEN TRIM(job_training) NOT IN ('—', '-', '') THEN TRIM(job_training) END) AS job_training,
    MAX({{safe_cast "REPLACE(REPLACE(REPLACE(TRIM(median_wage), ',', ''), '$', ''), '>=', '')" "float64"}}) AS median_wage,
    MAX(CASE WHEN STARTS_WITH(TRIM(median_wage), '>=') THEN 1 ELSE 0 END) = 1 AS median_wage_top_coded,
    MAX({{safe_cast "REPLACE(TRIM(pct_self_employed), ',', '')" "float64"}}) AS pct_self_employed
  FROM {{source "ep_characteristics"}}
  GROUP BY TRIM(soc_code), {{safe_cast "base_year" "int64"}}
),
-- The summary row an occupation sits under: its broad occupation, else its minor group, else its major group.
parents AS (
  SELECT
    t.period,
    t.soc_code,
    CASE
      WHEN t.soc_level IN ('total', 'major') THEN NULL
      WHEN b.soc_code IS NOT NULL THEN b.soc_code
      WHEN m.soc_code IS NOT NULL THEN m.soc_code
      WHEN m2.soc_code IS NOT NULL THEN m2.soc_code
      ELSE SUBSTR(t.soc_code, 1, 3) || '0000'
    END AS parent_code
  FROM typed AS t
  LEFT JOIN typed AS b
    ON b.period = t.period AND b.occupation_type = 'Summary' AND t.soc_level = 'detailed'
    AND b.soc_code = SUBSTR(t.soc_code, 1, 6) || '0'
  LEFT JOIN typed AS m
    ON m.period = t.period AND m.occupation_type = 'Summary' AND t.soc_level IN ('detailed', 'broad')
    AND m.soc_code = SUBSTR(t.soc_code, 1, 5) || '00'
  LEFT JOIN typed AS m2
    ON m2.period = t.period AND m2.occupation_type = 'Summary' AND t.soc_level IN ('detailed', 'broad', 'minor')
    AND m2.soc_code = SUBSTR(t.soc_code, 1, 4) || '000' AND m2.soc_code <> t.soc_code
)
SELECT
  t.period,
  t.base_year,
  t.projected_year,
  t.horizon_years,
  t.soc_code,
  t.soc_title,
  t.occupation_type,
  t.is_line_item,
  t.soc_level,
  t.depth,
  p.parent_code,
  ROUND(t.employment_base_k * 1000, 0) AS employment_base,
  ROUND(t.employment_projected_k * 1000, 0) AS employment_projected,
  ROUND(t.change_k * 1000, 0) AS employment_change,
  t.percent_change,
  t.exit_rate,
  t.transfer_rate,
  COALESCE(t.separations_rate, t.exit_rate + t.transfer_rate) AS separations_rate,
  ROUND(t.exits_k * 1000, 0) AS annual_exits,
  ROUND(t.transfers_k * 1000, 0) AS annual_transfers,
  ROUND(COALESCE(t.separations_k, t.exits_k + t.transfers_k) * 1000, 0) AS annual_separations,
  ROUND(t.change_k * 1000, 0) / t.horizon_years AS annual_change,
  ROUND(t.openings_k * 1000, 0) AS annual_openings,
  c.typical_education,
  c.work_experience,
  c.job_training,
  c.median_wage,
  c.median_wage_top_coded,
  c.pct_self_employed,
  NULLIF(t.missing_text, '') AS missing_values,
  t._source_file AS source_file,
  t._vintage AS vintage
FROM typed AS t
LEFT JOIN parents AS p ON p.period = t.period AND p.soc_code = t.soc_code
LEFT JOIN characteristics AS c ON c.soc_code = t.soc_code AND c.base_year = t.base_year
ORDER BY t.period, t.soc_code
