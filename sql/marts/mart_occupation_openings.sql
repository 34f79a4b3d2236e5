-- mart_occupation_openings: projected annual openings in the region for each occupation the partnership
-- industry employs, by the BLS separations method (labor force exits + occupational transfers + growth).
-- Grain: one row per SOC code of int_occupation_employment.
-- Sources: int_occupation_employment (region employment by occupation), stg_ep_occupations (national rates and
-- growth, latest period loaded), stg_state_projections (state growth, when metrics.projections.state is set),
-- cfg_metric_settings.
-- Method, per occupation with region employment e (base year) and projected growth G over the period's Y years
-- (national EP growth E_projected / E_base, or the state's when configured and the state projects the
-- occupation):
--   projected employment  e_p = e × G,   average employment  ē = (e + e_p) / 2
--   annual growth openings = (e_p − e) / Y = e × growth_rate_annual   (growth_rate_annual = (G − 1) / Y)
--   annual exits = exit_rate / 100 × ē,   annual transfers = transfer_rate / 100 × ē
--   annual openings = exits + transfers + growth openings
-- BLS's rates are annual averages in percent of the period's average employment (Table 1.10 reproduces its
-- exits to 0.03 points this way, not from base employment), and its openings are exits + transfers +
-- change / 10. A declining occupation has negative growth openings that reduce its openings below its
-- separations (BLS: not every leaver of a shrinking occupation is replaced); openings are not cut at zero.
-- Occupations without projections have NULL openings and a status saying why, never 0.
WITH settings AS (
  SELECT MAX(projections_state) AS projections_state FROM {{source "metric_settings"}}
),
ep_all AS (
  SELECT * FROM {{ref "stg_ep_occupations"}}
),
ep AS (
  SELECT * FROM ep_all WHERE base_year = (SELECT MAX(base_year) FROM ep_all)
),
occupations AS (
  SELECT soc_code, soc_title, employment FROM {{ref "int_occupation_employment"}}
),
-- The EP row an occupation takes its rates from: its own code as a line item; else its own code as a summary
-- row (an aggregate EP also publishes, with the rates of the occupations under it); else the line item of its
-- broad occupation (EP projects some occupations only as their broad group, e.g. 31-1120).
ep_candidates AS (
  SELECT
    o.soc_code,
    e.soc_code AS ep_soc_code,
    CASE
      WHEN e.soc_code = o.soc_code AND e.is_line_item THEN 1
      WHEN e.soc_code = o.soc_code THEN 2
      ELSE 3
    END AS preference
  FROM occupations AS o
  JOIN ep AS e
    ON e.soc_code = o.soc_code
    OR (e.is_line_item AND e.soc_code = SUBSTR(o.soc_code, 1, 6) || '0' AND e.soc_code <> o.soc_code)
),
ep_match AS (
  SELECT soc_code, ep_soc_code, preference
  FROM (
    SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.soc_code ORDER BY c.preference, c.ep_soc_code) AS pick
    FROM ep_candidates AS c
  ) AS ranked
  WHERE pick = 1
),
-- The configured state's statewide projections, latest period.
state_all AS (
  SELECT s.*
  FROM {{ref "stg_state_projections"}} AS s
  JOIN settings ON s.state_fips = settings.projections_state
  WHERE s.area_type = 'state'
),
state AS (
  SELECT * FROM state_all
  WHERE base_year = (SELECT MAX(base_year) FROM state_all)
    AND employment_base > 0 AND employment_projected IS NOT NULL AND horizon_years > 0
),
joined AS (
  SELECT
    o.soc_code,
    o.soc_title,
    o.employment AS region_employment,
    m.ep_soc_code,
    m.preference,
    e.period AS ep_period,
    e.horizon_years AS ep_horizon,
    e.exit_rate,
    e.transfer_rate,
    e.typical_education,
    e.annual_openings AS national_annual_openings,
    {{safe_divide "e.employment_projected" "e.employment_base"}} AS national_growth_factor,
    COALESCE(s_own.soc_code, s_ep.soc_code) AS state_soc_code,
    COALESCE(s_own.period, s_ep.period) AS state_period,
    COALESCE(s_own.horizon_years, s_ep.horizon_years) AS state_horizon,
    COALESCE(
      {{safe_divide "s_own.employment_projected" "s_own.employment_base"}},
      {{safe_divide "s_ep.employment_projected" "s_ep.employment_base"}}
    ) AS state_growth_factor,
    (SELECT projections_state FROM settings) AS projections_state,
    (SELECT COUNT(*) FROM ep) AS ep_rows,
    (SELECT MAX(period) FROM ep) AS loaded_period
  FROM occupations AS o
  LEFT JOIN ep_match AS m ON m.soc_code = o.soc_code
  LEFT JOIN ep AS e ON e.soc_code = m.ep_soc_code
  LEFT JOIN state AS s_own ON s_own.soc_code = o.soc_code
  LEFT JOIN state AS s_ep ON s_ep.soc_code = m.ep_soc_code AND s_own.soc_code IS NULL
),
growth AS (
  SELECT
    j.*,
    CASE
      WHEN j.ep_soc_code IS NULL THEN NULL
      WHEN j.state_growth_factor IS NOT NULL THEN j.state_growth_factor
      ELSE j.national_growth_factor
    END AS growth_factor,
    CASE
      WHEN j.ep_soc_code IS NULL THEN NULL
      WHEN j.state_growth_factor IS NOT NULL THEN j.state_horizon
      ELSE j.ep_horizon
    END AS horizon_years,
    CASE
      WHEN j.ep_soc_code IS NULL THEN NULL
      WHEN j.state_growth_factor IS NOT NULL THEN 'state ' || j.projections_state
      WHEN j.national_growth_factor IS NOT NULL THEN 'national'
    END AS growth_source,
    CASE
      WHEN j.ep_soc_code IS NULL THEN NULL
      WHEN j.state_growth_factor IS NOT NULL THEN j.state_period
      ELSE j.ep_period
    END AS growth_period
  FROM joined AS j
),
status AS (
  SELECT
    g.*,
    CASE
      WHEN g.ep_rows = 0 THEN 'no_projections_loaded'
      WHEN g.ep_soc_code IS NULL THEN 'not_in_projections'
      WHEN g.exit_rate IS NULL OR g.transfer_rate IS NULL THEN 'no_separation_rates'
      WHEN g.growth_factor IS NULL THEN 'no_growth_rate'
      WHEN g.region_employment IS NULL THEN 'no_region_employment'
      ELSE 'projected'
    END AS projection_status
  FROM growth AS g
),
computed AS (
  SELECT
    s.*,
    CASE WHEN s.projection_status = 'projected' THEN s.region_employment * s.growth_factor END AS region_employment_projected,
    CASE WHEN s.projection_status = 'projected' THEN s.region_employment * (1 + s.growth_factor) / 2 END AS region_employment_average,
    CASE WHEN s.projection_status = 'projected' THEN s.region_employment * (s.growth_factor - 1) / s.horizon_years END AS annual_growth_openings,
    CASE WHEN s.projection_status = 'projected' THEN s.exit_rate / 100 * s.region_employment * (1 + s.growth_factor) / 2 END AS annual_exits,
    CASE WHEN s.projection_status = 'projected' THEN s.transfer_rate / 100 * s.region_employment * (1 + s.growth_factor) / 2 END AS annual_transfers
  FROM status AS s
)
SELECT
  c.soc_code,
  c.soc_title,
  c.region_employment,
  c.projection_status,
  c.ep_soc_code,
  CASE c.preference WHEN 1 THEN 'exact' WHEN 2 THEN 'summary' WHEN 3 THEN 'broad' END AS ep_match,
  COALESCE(c.ep_period, c.loaded_period) AS projection_period,
  c.growth_source,
  c.growth_period,
  CASE WHEN c.projection_status = 'projected' THEN 100 * (c.growth_factor - 1) END AS growth_rate_period,
  CASE WHEN c.projection_status = 'projected' THEN 100 * (c.growth_factor - 1) / c.horizon_years END AS growth_rate_annual,
  CASE
    WHEN c.projection_status = 'projected' AND c.growth_factor > 0
      THEN 100 * (POWER(c.growth_factor, 1.0 / c.horizon_years) - 1)
  END AS growth_rate_compound,
  c.region_employment_projected,
  c.region_employment_average,
  c.exit_rate,
  c.transfer_rate,
  c.exit_rate + c.transfer_rate AS separations_rate,
  c.annual_growth_openings,
  c.annual_exits,
  c.annual_transfers,
  c.annual_exits + c.annual_transfers AS annual_separations,
  c.annual_exits + c.annual_transfers + c.annual_growth_openings AS annual_openings,
  100 * {{safe_divide "c.annual_exits + c.annual_transfers + c.annual_growth_openings" "c.region_employment"}} AS openings_rate,
  c.national_annual_openings,
  c.typical_education
FROM computed AS c
ORDER BY (c.annual_exits + c.annual_transfers + c.annual_growth_openings) IS NULL,
  c.annual_exits + c.annual_transfers + c.annual_growth_openings DESC,
  c.soc_code
