-- mart_priority_occupations: a transparent composite ranking of the occupations the partnership could act on.
-- Grain: one row per SOC occupation in the region's partnership-industry demand (staffing estimate) or the
-- latest survey wave.
-- Sources: mart_survey_demand (hires in the next 12 months), mart_survey_occupations (hard-to-fill share),
-- mart_occupation_openings (annual openings), mart_occupation_wages (median wage), mart_supply_demand (gap).
-- Each component is scored by its cumulative distribution among the occupations that have it (the share of
-- occupations with a value at or below this one, in (0, 1]); the composite is the weighted mean of the scores
-- the occupation has, with the configured weights (cfg_priority_weights, summing to 1) rescaled over the
-- components present, so a missing component is left out rather than counted as zero.
WITH latest_wave AS (
  SELECT wave FROM {{source "survey_waves"}}
  WHERE position = (SELECT max(position) FROM {{source "survey_waves"}})
),
-- Survey occupations are ranked under the code BLS publishes them under (51-2092 within 51-2090), so they meet
-- the public data; detailed codes sharing an aggregate are added (hires) or averaged (hard-to-fill share).
survey_demand AS (
  SELECT coalesce(agg.oews_soc_code, d.soc) AS soc_code, max(coalesce(agg.oews_soc_title, d.soc_title)) AS soc_title,
         sum(d.estimate) AS value
  FROM {{ref "mart_survey_demand"}} d JOIN latest_wave w ON w.wave = d.wave
  LEFT JOIN {{source "soc_aggregates"}} agg ON agg.soc_code = d.soc
  WHERE d.measure = 'hires_12m' AND d.level = 'detailed' AND d.quality <> 'withheld' AND d.estimate IS NOT NULL
  GROUP BY coalesce(agg.oews_soc_code, d.soc)
),
hard_to_fill AS (
  SELECT coalesce(agg.oews_soc_code, o.soc) AS soc_code, max(coalesce(agg.oews_soc_title, o.soc_title)) AS soc_title,
         avg(o.hard_to_fill_share) AS value
  FROM {{ref "mart_survey_occupations"}} o JOIN latest_wave w ON w.wave = o.wave
  LEFT JOIN {{source "soc_aggregates"}} agg ON agg.soc_code = o.soc
  WHERE o.quality <> 'withheld' AND o.hard_to_fill_share IS NOT NULL
  GROUP BY coalesce(agg.oews_soc_code, o.soc)
),
components AS (
  SELECT 'surveyDemand' AS component, soc_code, value FROM survey_demand
  UNION ALL
  SELECT 'openings', soc_code, annual_openings FROM {{ref "mart_occupation_openings"}}
  WHERE annual_openings IS NOT NULL
  UNION ALL
  SELECT 'wages', soc_code, median_wage_annual FROM {{ref "mart_occupation_wages"}}
  WHERE median_wage_annual IS NOT NULL
  UNION ALL
  SELECT 'supplyGap', soc_code, gap FROM {{ref "mart_supply_demand"}} WHERE gap IS NOT NULL
  UNION ALL
  SELECT 'hardToFill', soc_code, value FROM hard_to_fill
),
scored AS (
  SELECT c.component, c.soc_code, c.value, w.weight,
         CUME_DIST() OVER (PARTITION BY c.component ORDER BY c.value) AS score
  FROM components c
  JOIN {{source "priority_weights"}} w ON w.component = c.component
),
occupations AS (
  SELECT soc_code, soc_title FROM {{ref "int_occupation_employment"}}
  UNION ALL
  SELECT soc_code, soc_title FROM survey_demand
  UNION ALL
  SELECT soc_code, soc_title FROM hard_to_fill
),
titles AS (
  SELECT soc_code, max(soc_title) AS soc_title FROM occupations GROUP BY soc_code
),
composite AS (
  SELECT
    soc_code,
    {{safe_divide "sum(CASE WHEN weight > 0 THEN weight * score END)" "sum(CASE WHEN weight > 0 THEN weight END)"}}
      AS priority_score,
    count(CASE WHEN weight > 0 THEN 1 END) AS components_used,
    sum(CASE WHEN weight > 0 THEN weight END) AS weight_covered
  FROM scored
  GROUP BY soc_code
),
wide AS (
  SELECT
    soc_code,
    max(CASE WHEN component = 'surveyDemand' THEN value END) AS survey_hires_12m,
    max(CASE WHEN component = 'surveyDemand' THEN score END) AS survey_demand_score,
    max(CASE WHEN component = 'openings' THEN value END) AS annual_openings,
    max(CASE WHEN component = 'openings' THEN score END) AS openings_score,
    max(CASE WHEN component = 'wages' THEN value END) AS median_wage_annual,
    max(CASE WHEN component = 'wages' THEN score END) AS wages_score,
    max(CASE WHEN component = 'supplyGap' THEN value END) AS supply_gap,
    max(CASE WHEN component = 'supplyGap' THEN score END) AS supply_gap_score,
    max(CASE WHEN component = 'hardToFill' THEN value END) AS hard_to_fill_share,
    max(CASE WHEN component = 'hardToFill' THEN score END) AS hard_to_fill_score
  FROM scored
  GROUP BY soc_code
)
SELECT
  RANK() OVER (ORDER BY c.priority_score DESC) AS priority_rank,
  t.soc_code,
  t.soc_title,
  c.priority_score,
  c.components_used,
  c.weight_covered,
  w.survey_hires_12m, w.survey_demand_score,
  w.annual_openings, w.openings_score,
  w.median_wage_annual, w.wages_score,
  w.supply_gap, w.supply_gap_score,
  w.hard_to_fill_share, w.hard_to_fill_score
FROM composite c
JOIN titles t ON t.soc_code = c.soc_code
JOIN wide w ON w.soc_code = c.soc_code
WHERE c.components_used > 0
