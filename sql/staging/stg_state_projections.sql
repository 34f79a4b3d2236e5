-- stg_state_projections: state long-term occupational projections, typed, with exits, transfers and openings
-- both as totals over the projection period and as annual averages.
-- Grain: one row per state × area × projection period × SOC code.
-- Sources: raw_state_projections (California EDD layout and common variants of other states).
-- California EDD publishes 10-year totals of exits, transfers and openings ("Total job openings is the sum of
-- exits, transfers, and numeric change" over the period), where BLS publishes annual averages: here
-- annual = period total / years of the period (10). A file whose header says its figures are annual averages
-- is read as such; when the header does not say, the openings identity decides: the file's openings are
-- period totals when they equal exits + transfers + change, annual averages when they equal
-- exits + transfers + change / years (or, when every change is 0, by their size against employment).
-- Marks for unavailable values ("N/A", "(NA)", "*") and EDD's $0 wages ("could not be estimated") are NULL.
WITH raw AS (
  SELECT
    TRIM(state_fips) AS state_fips,
    NULLIF(TRIM(area_name), '') AS area_name,
    {{safe_cast "TRIM(soc_level)" "int64"}} AS soc_level_published,
    TRIM(soc_code) AS soc_code,
    TRIM(title) AS soc_title,
    {{safe_cast "base_year" "int64"}} AS base_year,
    {{safe_cast "projected_year" "int64"}} AS projected_year,
    {{safe_cast "REPLACE(TRIM(employment_base), ',', '')" "float64"}} AS employment_base,
    {{safe_cast "REPLACE(TRIM(employment_projected), ',', '')" "float64"}} AS employment_projected,
    {{safe_cast "REPLACE(TRIM(change_numeric), ',', '')" "float64"}} AS employment_change,
    {{safe_cast "REPLACE(TRIM(exits), ',', '')" "float64"}} AS exits,
    {{safe_cast "REPLACE(TRIM(transfers), ',', '')" "float64"}} AS transfers,
    {{safe_cast "REPLACE(TRIM(openings), ',', '')" "float64"}} AS openings,
    published_basis,
    {{safe_cast "REPLACE(REPLACE(TRIM(median_hourly_wage), ',', ''), '$', '')" "float64"}} AS median_hourly_wage,
    {{safe_cast "REPLACE(REPLACE(TRIM(median_annual_wage), ',', ''), '$', '')" "float64"}} AS median_annual_wage,
    CASE WHEN UPPER(TRIM(typical_education)) NOT IN ('N/A', 'NA', '(NA)', '—', '-', '') THEN TRIM(typical_education) END AS typical_education,
    CASE WHEN UPPER(TRIM(work_experience)) NOT IN ('N/A', 'NA', '(NA)', '—', '-', '') THEN TRIM(work_experience) END AS work_experience,
    CASE WHEN UPPER(TRIM(job_training)) NOT IN ('N/A', 'NA', '(NA)', '—', '-', '') THEN TRIM(job_training) END AS job_training,
    TRIM(
      CASE WHEN employment_base IS NOT NULL AND {{safe_cast "REPLACE(TRIM(employment_base), ',', '')" "float64"}} IS NULL THEN 'employment_base ' ELSE '' END
      || CASE WHEN employment_projected IS NOT NULL AND {{safe_cast "REPLACE(TRIM(employment_projected), ',', '')" "float64"}} IS NULL THEN 'employment_projected ' ELSE '' END
      || CASE WHEN change_numeric IS NOT NULL AND {{safe_cast "REPLACE(TRIM(change_numeric), ',', '')" "float64"}} IS NULL THEN 'employment_change ' ELSE '' END
      || CASE WHEN exits IS NOT NULL AND {{safe_cast "REPLACE(TRIM(exits), ',', '')" "float64"}} IS NULL THEN 'exits ' ELSE '' END
      || CASE WHEN transfers IS NOT NULL AND {{safe_cast "REPLACE(TRIM(transfers), ',', '')" "float64"}} IS NULL THEN 'transfers ' ELSE '' END
      || CASE WHEN openings IS NOT NULL AND {{safe_cast "REPLACE(TRIM(openings), ',', '')" "float64"}} IS NULL THEN 'openings ' ELSE '' END
    ) AS missing_text,
    _source_file,
    _vintage
  FROM {{source "state_projections"}}
),
-- Which way each file publishes exits, transfers and openings (see the header comment).
basis AS (
  SELECT
    _source_file,
    SUM(ABS(openings - (exits + transfers + employment_change))) AS error_as_totals,
    SUM(ABS(openings - (exits + transfers + {{safe_divide "employment_change" "projected_year - base_year"}}))) AS error_as_annual,
    SUM(openings) AS sum_openings,
    SUM(employment_base) AS sum_employment
  FROM raw
  WHERE projected_year > base_year
  GROUP BY _source_file
),
typed AS (
  SELECT
    r.*,
    r.projected_year - r.base_year AS horizon_years,
    CASE
      WHEN r.published_basis = 'annual' THEN 'annual averages'
      WHEN b.error_as_totals < b.error_as_annual THEN 'period totals'
      WHEN b.error_as_annual < b.error_as_totals THEN 'annual averages'
      WHEN b.sum_openings > 0.5 * b.sum_employment THEN 'period totals'
      WHEN b.sum_openings IS NOT NULL THEN 'annual averages'
    END AS published_basis_found,
    CASE WHEN r.published_basis = 'annual' THEN 'header' WHEN b._source_file IS NOT NULL THEN 'openings identity' END AS basis_from
  FROM raw AS r
  LEFT JOIN basis AS b ON b._source_file = r._source_file
)
SELECT
  t.state_fips,
  COALESCE(t.area_name, 'Statewide') AS area_name,
  -- Statewide: no area column, "Statewide", or the state's own name (as Projections Central writes it).
  CASE
    WHEN t.area_name IS NULL OR UPPER(t.area_name) IN ('STATEWIDE', 'STATE', 'STATE TOTAL') THEN 'state'
    WHEN UPPER(t.area_name) IN (
      'ALABAMA', 'ALASKA', 'ARIZONA', 'ARKANSAS', 'CALIFORNIA', 'COLORADO', 'CONNECTICUT', 'DELAWARE',
      'DISTRICT OF COLUMBIA', 'FLORIDA', 'GEORGIA', 'HAWAII', 'IDAHO', 'ILLINOIS', 'INDIANA', 'IOWA',
      'KANSAS', 'KENTUCKY', 'LOUISIANA', 'MAINE', 'MARYLAND', 'MASSACHUSETTS', 'MICHIGAN', 'MINNESOTA',
      'MISSISSIPPI', 'MISSOURI', 'MONTANA', 'NEBRASKA', 'NEVADA', 'NEW HAMPSHIRE', 'NEW JERSEY',
      'NEW MEXICO', 'NEW YORK', 'NORTH CAROLINA', 'NORTH DAKOTA', 'OHIO', 'OKLAHOMA', 'OREGON',
      'PENNSYLVANIA', 'RHODE ISLAND', 'SOUTH CAROLINA', 'SOUTH DAKOTA', 'TENNESSEE', 'TEXAS', 'UTAH',
      'VERMONT', 'VIRGINIA', 'WASHINGTON', 'WEST VIRGINIA', 'WISCONSIN', 'WYOMING', 'PUERTO RICO'
    ) THEN 'state'
    ELSE 'substate'
  END AS area_type,
  CAST(t.base_year AS {{type "string"}}) || '-' || SUBSTR(CAST(t.projected_year AS {{type "string"}}), 3, 2) AS period,
  t.base_year,
  t.projected_year,
  t.horizon_years,
  t.soc_code,
  t.soc_title,
  t.soc_level_published AS soc_level,
  CASE
    WHEN t.soc_code = '00-0000' THEN 'total'
    WHEN SUBSTR(t.soc_code, 4, 4) = '0000' THEN 'major'
    WHEN SUBSTR(t.soc_code, 6, 2) = '00' THEN 'minor'
    WHEN SUBSTR(t.soc_code, 7, 1) = '0' THEN 'broad'
    ELSE 'detailed'
  END AS soc_level_name,
  COALESCE(t.soc_level_published = 4, SUBSTR(t.soc_code, 7, 1) <> '0') AS is_detailed,
  t.employment_base,
  t.employment_projected,
  t.employment_change,
  100 * {{safe_divide "t.employment_change" "t.employment_base"}} AS percent_change,
  t.published_basis_found AS published_basis,
  t.basis_from,
  CASE WHEN t.published_basis_found = 'period totals' THEN t.exits ELSE t.exits * t.horizon_years END AS exits_period,
  CASE WHEN t.published_basis_found = 'period totals' THEN t.transfers ELSE t.transfers * t.horizon_years END AS transfers_period,
  CASE WHEN t.published_basis_found = 'period totals' THEN t.openings ELSE t.openings * t.horizon_years END AS openings_period,
  CASE WHEN t.published_basis_found = 'period totals' THEN {{safe_divide "t.exits" "t.horizon_years"}} ELSE t.exits END AS annual_exits,
  CASE WHEN t.published_basis_found = 'period totals' THEN {{safe_divide "t.transfers" "t.horizon_years"}} ELSE t.transfers END AS annual_transfers,
  CASE WHEN t.published_basis_found = 'period totals' THEN {{safe_divide "t.openings" "t.horizon_years"}} ELSE t.openings END AS annual_openings,
  {{safe_divide "t.employment_change" "t.horizon_years"}} AS annual_change,
  NULLIF(t.median_hourly_wage, 0) AS median_hourly_wage,
  NULLIF(t.median_annual_wage, 0) AS median_annual_wage,
  CASE
    WHEN t.median_hourly_wage = 0 AND t.median_annual_wage = 0 THEN 'no wage estimate (published as $0)'
    WHEN t.median_hourly_wage = 0 THEN 'hourly wage not estimated (published as $0)'
    WHEN t.median_annual_wage = 0 THEN 'annual wage not estimated (published as $0)'
  END AS wage_flag,
  t.typical_education,
  t.work_experience,
  t.job_training,
  NULLIF(t.missing_text, '') AS missing_values,
  t._source_file AS source_file,
  t._vintage AS vintage
FROM typed AS t
ORDER BY t.state_fips, COALESCE(t.area_name, 'Statewide'), t.base_year, t.soc_code
