-- mart_skill_profile: the O*NET skills and knowledge the region's demand needs, weighted by projected openings
-- (and by the survey's reported hires when a survey was run), next to the survey's skill-gap ranking.
-- Grain: one row per domain × element_id (skills and knowledge), plus one row per skill of the survey's
-- latest wave whose label matches no O*NET element (domain and element empty, survey_match 'survey_unmatched').
-- Sources: int_onet_soc_ratings (standardised ratings per SOC occupation), mart_occupation_openings,
-- mart_survey_demand (hires_12m), mart_survey_skill_gaps, cfg_survey_waves, raw_onet_content_model.
--
-- Weighted importance_k = Σ_o w_o · S_IM,ok / Σ_o w_o over the region's occupations o with an importance for
-- k (S = standardised 0-100; w = annual openings, or the survey's 12-month hires estimate); level likewise
-- over the occupations whose level counts (not suppressed, not rated not relevant). Occupations without
-- O*NET ratings carry no weight; the share of openings that is rated is shown beside each value.
-- Skills are ranked within their domain by weighted importance (1 = most important), as O*NET lists an
-- occupation's skills. Hires: the latest survey wave with any published (not withheld) hires estimate.
-- Survey skills (free labels from the codebooks) are matched to O*NET element names without regard to case
-- or surrounding spaces; the survey's latest wave with skill gaps is shown; unmatched labels stay unmatched.
WITH ratings AS (
  SELECT soc_code, domain, element_id, element_name, importance_std, level_std
  FROM {{ref "int_onet_soc_ratings"}}
  WHERE domain IN ('skills', 'knowledge')
),
elements AS (
  SELECT
    domain,
    element_id,
    MAX(element_name) AS element_name,
    AVG(importance_std) AS importance_all_occupations,
    AVG(level_std) AS level_all_occupations
  FROM ratings
  GROUP BY domain, element_id
),
descriptions AS (
  SELECT TRIM(element_id) AS element_id, MAX(description) AS element_description
  FROM {{source "onet_content_model"}}
  GROUP BY TRIM(element_id)
),
openings AS (
  SELECT soc_code, SUM(annual_openings) AS weight
  FROM {{ref "mart_occupation_openings"}}
  WHERE annual_openings > 0
  GROUP BY soc_code
),
openings_total AS (
  SELECT SUM(weight) AS total FROM openings
),
waves AS (
  SELECT wave, position FROM {{source "survey_waves"}}
),
hires_wave AS (
  SELECT wave FROM (
    SELECT d.wave, ROW_NUMBER() OVER (ORDER BY MAX(w.position) DESC) AS pick
    FROM {{ref "mart_survey_demand"}} AS d
    JOIN waves AS w ON w.wave = d.wave
    WHERE d.measure = 'hires_12m' AND d.level = 'detailed' AND d.estimate > 0
    GROUP BY d.wave
  ) AS latest
  WHERE pick = 1
),
hires AS (
  SELECT d.soc AS soc_code, MAX(d.wave) AS wave, SUM(d.estimate) AS weight
  FROM {{ref "mart_survey_demand"}} AS d
  JOIN hires_wave AS h ON h.wave = d.wave
  WHERE d.measure = 'hires_12m' AND d.level = 'detailed' AND d.estimate > 0 AND d.quality <> 'withheld'
  GROUP BY d.soc
),
hires_total AS (
  SELECT SUM(weight) AS total, MAX(wave) AS wave FROM hires
),
-- Each element's ratings averaged over occupations, once weighted by openings and once by survey hires.
weights AS (
  SELECT 'openings' AS basis, soc_code, weight FROM openings
  UNION ALL
  SELECT 'hires' AS basis, soc_code, weight FROM hires
),
weighted AS (
  SELECT
    w.basis,
    r.domain,
    r.element_id,
    {{safe_divide "SUM(w.weight * r.importance_std)" "SUM(CASE WHEN r.importance_std IS NOT NULL THEN w.weight END)"}} AS importance,
    {{safe_divide "SUM(w.weight * r.level_std)" "SUM(CASE WHEN r.level_std IS NOT NULL THEN w.weight END)"}} AS level,
    SUM(CASE WHEN r.importance_std IS NOT NULL THEN w.weight END) AS weight_rated,
    SUM(CASE WHEN r.level_std IS NOT NULL THEN w.weight END) AS weight_level_rated,
    COUNT(r.importance_std) AS occupations_rated
  FROM weights AS w
  JOIN ratings AS r ON r.soc_code = w.soc_code
  GROUP BY w.basis, r.domain, r.element_id
),
profile AS (
  SELECT
    e.domain,
    e.element_id,
    e.element_name,
    d.element_description,
    bo.importance AS importance_weighted,
    bo.level AS level_weighted,
    bo.occupations_rated AS occupations_rated_openings,
    bo.weight_rated AS openings_rated,
    ot.total AS openings_total,
    {{safe_divide "bo.weight_rated" "ot.total"}} AS openings_rated_share,
    {{safe_divide "bo.weight_level_rated" "ot.total"}} AS openings_level_rated_share,
    bh.importance AS importance_hires,
    bh.level AS level_hires,
    bh.occupations_rated AS occupations_rated_hires,
    bh.weight_rated AS hires_rated,
    ht.total AS hires_total,
    CASE WHEN bh.importance IS NOT NULL THEN ht.wave END AS hires_wave,
    e.importance_all_occupations,
    e.level_all_occupations
  FROM elements AS e
  CROSS JOIN openings_total AS ot
  CROSS JOIN hires_total AS ht
  LEFT JOIN descriptions AS d ON d.element_id = e.element_id
  LEFT JOIN weighted AS bo ON bo.basis = 'openings' AND bo.domain = e.domain AND bo.element_id = e.element_id
  LEFT JOIN weighted AS bh ON bh.basis = 'hires' AND bh.domain = e.domain AND bh.element_id = e.element_id
),
ranked AS (
  SELECT
    profile.*,
    CASE WHEN importance_weighted IS NOT NULL THEN
      RANK() OVER (PARTITION BY domain ORDER BY COALESCE(importance_weighted, -1.0) DESC)
    END AS demand_rank,
    CASE WHEN importance_hires IS NOT NULL THEN
      RANK() OVER (PARTITION BY domain ORDER BY COALESCE(importance_hires, -1.0) DESC)
    END AS hires_rank
  FROM profile
),
gaps_wave AS (
  SELECT wave FROM (
    SELECT g.wave, ROW_NUMBER() OVER (ORDER BY MAX(w.position) DESC) AS pick
    FROM {{ref "mart_survey_skill_gaps"}} AS g
    JOIN waves AS w ON w.wave = g.wave
    GROUP BY g.wave
  ) AS latest
  WHERE pick = 1
),
gaps AS (
  SELECT
    g.wave,
    g.skill_id,
    g.skill_label,
    -- The O*NET element the codebook names for the skill (by name or id), else the skill's own label.
    LOWER(TRIM(COALESCE(o.onet_element, g.skill_label))) AS match_key,
    g.rank,
    g.gap,
    g.mwds,
    g.share_citing,
    g.quality
  FROM {{ref "mart_survey_skill_gaps"}} AS g
  JOIN gaps_wave AS w ON w.wave = g.wave
  LEFT JOIN {{source "survey_options"}} AS o
    ON o.wave = g.wave AND o.question = 'skills' AND o.option_id = g.skill_id
)
SELECT
  r.domain,
  r.element_id,
  r.element_name,
  r.element_description,
  r.importance_weighted,
  r.level_weighted,
  r.demand_rank,
  r.occupations_rated_openings,
  r.openings_rated,
  r.openings_total,
  r.openings_rated_share,
  r.openings_level_rated_share,
  r.importance_hires,
  r.level_hires,
  r.hires_rank,
  r.occupations_rated_hires,
  r.hires_rated,
  r.hires_total,
  r.hires_wave,
  r.importance_all_occupations,
  r.level_all_occupations,
  CASE WHEN g.skill_id IS NOT NULL THEN 'matched' ELSE 'onet_only' END AS survey_match,
  g.wave AS survey_wave,
  g.skill_id AS survey_skill_id,
  g.skill_label AS survey_skill_label,
  g.rank AS survey_gap_rank,
  g.gap AS survey_gap,
  g.mwds AS survey_mwds,
  g.share_citing AS survey_share_citing,
  g.quality AS survey_quality
FROM ranked AS r
LEFT JOIN gaps AS g ON g.match_key = LOWER(TRIM(r.element_name)) OR g.match_key = LOWER(r.element_id)
UNION ALL
SELECT
  CAST(NULL AS {{type "string"}}) AS domain,
  CAST(NULL AS {{type "string"}}) AS element_id,
  CAST(NULL AS {{type "string"}}) AS element_name,
  CAST(NULL AS {{type "string"}}) AS element_description,
  CAST(NULL AS {{type "float64"}}) AS importance_weighted,
  CAST(NULL AS {{type "float64"}}) AS level_weighted,
  CAST(NULL AS {{type "int64"}}) AS demand_rank,
  CAST(NULL AS {{type "int64"}}) AS occupations_rated_openings,
  CAST(NULL AS {{type "float64"}}) AS openings_rated,
  CAST(NULL AS {{type "float64"}}) AS openings_total,
  CAST(NULL AS {{type "float64"}}) AS openings_rated_share,
  CAST(NULL AS {{type "float64"}}) AS openings_level_rated_share,
  CAST(NULL AS {{type "float64"}}) AS importance_hires,
  CAST(NULL AS {{type "float64"}}) AS level_hires,
  CAST(NULL AS {{type "int64"}}) AS hires_rank,
  CAST(NULL AS {{type "int64"}}) AS occupations_rated_hires,
  CAST(NULL AS {{type "float64"}}) AS hires_rated,
  CAST(NULL AS {{type "float64"}}) AS hires_total,
  CAST(NULL AS {{type "string"}}) AS hires_wave,
  CAST(NULL AS {{type "float64"}}) AS importance_all_occupations,
  CAST(NULL AS {{type "float64"}}) AS level_all_occupations,
  'survey_unmatched' AS survey_match,
  g.wave AS survey_wave,
  g.skill_id AS survey_skill_id,
  g.skill_label AS survey_skill_label,
  g.rank AS survey_gap_rank,
  g.gap AS survey_gap,
  g.mwds AS survey_mwds,
  g.share_citing AS survey_share_citing,
  g.quality AS survey_quality
FROM gaps AS g
WHERE g.match_key NOT IN (SELECT LOWER(TRIM(element_name)) FROM elements WHERE element_name IS NOT NULL)
  AND g.match_key NOT IN (SELECT LOWER(element_id) FROM elements)
