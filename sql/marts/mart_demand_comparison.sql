-- mart_demand_comparison: employer-reported hiring beside projected openings, per occupation and horizon.
-- Grain: one row per SOC occupation the survey reports × horizon, for the latest survey wave. Occupations BLS
-- publishes only in an aggregate (51-2092 within 51-2090) are compared with the aggregate's openings.
-- Sources: mart_survey_demand (weighted regional estimates of the employers' hires), mart_occupation_openings
-- (BLS separations method, regionalised, annual averages).
-- Horizons are aligned in years: the survey asks for hires in the next 12 months (1 year), in 1-3 years
-- (years 2 and 3: 2 years) and in 3-5 years (years 4 and 5: 2 years); projected openings for a horizon are the
-- annual average openings times its years. Both cover the partnership industry in the region. The two often
-- differ a lot: employers report the hires they foresee for the jobs they chose to list, projections count
-- every opening from growth, exits and transfers.
WITH horizons AS (
  SELECT 'hires_12m' AS measure, 1 AS horizon_order, 'next 12 months' AS horizon, 1 AS horizon_years
  UNION ALL SELECT 'hires_1_3y', 2, 'in 1-3 years', 2
  UNION ALL SELECT 'hires_3_5y', 3, 'in 3-5 years', 2
),
latest_wave AS (
  SELECT wave FROM {{source "survey_waves"}}
  WHERE position = (SELECT max(position) FROM {{source "survey_waves"}})
),
survey AS (
  SELECT d.soc AS survey_soc_code, d.soc_title, d.wave, d.measure, d.estimate, d.ci_low, d.ci_high,
         d.quality, d.suppression,
         -- Projections exist for the code BLS publishes the occupation under (51-2092 as 51-2090, say).
         coalesce(agg.oews_soc_code, d.soc) AS soc_code
  FROM {{ref "mart_survey_demand"}} d
  JOIN latest_wave w ON w.wave = d.wave
  LEFT JOIN {{source "soc_aggregates"}} agg ON agg.soc_code = d.soc
  WHERE d.measure IN ('hires_12m', 'hires_1_3y', 'hires_3_5y') AND d.level = 'detailed'
),
grid AS (
  -- Every horizon for each occupation the survey reports, so a horizon no employer answered shows as such.
  SELECT oc.survey_soc_code, oc.soc_code, oc.soc_title, h.measure, h.horizon_order, h.horizon, h.horizon_years
  FROM (SELECT DISTINCT survey_soc_code, soc_code, soc_title FROM survey) oc
  CROSS JOIN horizons h
)
SELECT
  g.survey_soc_code AS soc_code,
  g.soc_title,
  g.soc_code AS projection_soc_code,
  (SELECT wave FROM latest_wave) AS wave,
  g.horizon,
  g.horizon_order,
  g.horizon_years,
  s.estimate AS survey_hires,
  s.ci_low AS survey_ci_low,
  s.ci_high AS survey_ci_high,
  coalesce(s.quality, 'not reported') AS survey_quality,
  s.suppression AS survey_suppression,
  o.annual_openings * g.horizon_years AS projected_openings,
  o.annual_openings AS projected_annual_openings,
  o.projection_period,
  s.estimate - o.annual_openings * g.horizon_years AS difference,
  {{safe_divide "s.estimate" "(o.annual_openings * g.horizon_years)"}} AS survey_to_projected
FROM grid g
LEFT JOIN survey s ON s.survey_soc_code = g.survey_soc_code AND s.measure = g.measure
LEFT JOIN {{ref "mart_occupation_openings"}} o ON o.soc_code = g.soc_code
