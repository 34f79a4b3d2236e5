-- mart_career_pathways: career steps from each entry-level occupation of the region's demand to better-paid
-- occupations with a similar skill profile.
-- Grain: one row per from_soc_code × to_soc_code, at most pathway_limit rows per from_soc_code.
-- Sources: mart_occupation_openings and int_occupation_employment (the region's occupations),
-- mart_occupation_wages (median wages), int_onet_soc_ratings (skill and knowledge profiles),
-- int_onet_soc_job_zones, int_onet_soc_related, stg_onet_occupations (titles), cfg_metric_settings
-- (pathway_min_gain, pathway_limit), cfg_entry_job_zones.
--
-- Occupations: those of the region's demand (annual openings or estimated employment above 0) with a median
-- wage and an O*NET Job Zone. Steps start at the entry-level ones (Job Zone in cfg_entry_job_zones) and lead to
-- another occupation of the region's demand whose median wage is higher by at least pathway_min_gain
-- (0.05 = 5 %), and whose Job Zone is the same or one higher; two higher only when O*NET lists the target
-- among the source's related occupations (a curated step across more preparation).
-- Similarity: cosine a·b / (‖a‖ ‖b‖) over the standardised importance (0-100) of the skill and knowledge
-- elements both occupations have a value for; pairs where either side has no O*NET ratings are left out.
-- Ranking rule: ranking_score = similarity + a boost when O*NET lists the target as related to the source:
-- 0.05 Primary-Short, 0.03 Primary-Long, 0.01 Supplemental. Importance profiles are all alike to a degree (every
-- element has some importance everywhere: the steps of the real Michiana manufacturing region have cosines of
-- 0.85-0.99), so a boost of a few hundredths lifts an occupation O*NET's analysts judged related over
-- unrelated ones that are only slightly more alike. Ties go to the higher similarity, then the SOC code.
-- Skills to build: among the skills (and, separately, knowledge areas) the target rates important
-- (standardised importance 50 or more, i.e. 3 "important" or more on O*NET's 1-5 scale), the three with the
-- largest positive gap between the target's and the source's standardised level; a level rated not relevant
-- counts as 0 (not required).
WITH settings AS (
  SELECT
    COALESCE(MAX(pathway_min_gain), 0.0) AS min_gain,
    COALESCE(MAX(pathway_limit), 5) AS step_limit
  FROM {{source "metric_settings"}}
),
openings AS (
  SELECT soc_code, MAX(soc_title) AS soc_title, SUM(annual_openings) AS annual_openings
  FROM {{ref "mart_occupation_openings"}}
  GROUP BY soc_code
),
employment AS (
  SELECT soc_code, MAX(soc_title) AS soc_title, SUM(employment) AS employment
  FROM {{ref "int_occupation_employment"}}
  GROUP BY soc_code
),
demand AS (
  SELECT
    COALESCE(o.soc_code, e.soc_code) AS soc_code,
    COALESCE(o.soc_title, e.soc_title) AS soc_title,
    o.annual_openings,
    e.employment
  FROM openings AS o
  FULL OUTER JOIN employment AS e ON e.soc_code = o.soc_code
  WHERE COALESCE(o.annual_openings, 0) > 0 OR COALESCE(e.employment, 0) > 0
),
wages AS (
  SELECT soc_code, MAX(soc_title) AS soc_title, MAX(median_wage_annual) AS median_wage_annual,
         COALESCE(MAX(CASE WHEN median_wage_annual_flag = 'top_coded' THEN 1 ELSE 0 END) = 1, FALSE) AS top_coded
  FROM {{ref "mart_occupation_wages"}}
  WHERE median_wage_annual IS NOT NULL
  GROUP BY soc_code
),
onet_titles AS (
  SELECT soc_code, MAX(title) AS title
  FROM {{ref "stg_onet_occupations"}}
  WHERE is_soc_occupation
  GROUP BY soc_code
),
occupations AS (
  SELECT
    d.soc_code,
    COALESCE(d.soc_title, w.soc_title, t.title) AS soc_title,
    d.annual_openings,
    d.employment,
    w.median_wage_annual,
    w.top_coded,
    z.job_zone
  FROM demand AS d
  JOIN wages AS w ON w.soc_code = d.soc_code
  JOIN {{ref "int_onet_soc_job_zones"}} AS z ON z.soc_code = d.soc_code
  LEFT JOIN onet_titles AS t ON t.soc_code = d.soc_code
),
entry AS (
  SELECT * FROM occupations
  WHERE job_zone IN (SELECT job_zone FROM {{source "entry_job_zones"}})
),
candidates AS (
  SELECT
    s.soc_code AS from_soc_code,
    t.soc_code AS to_soc_code,
    rel.tier_rank,
    rel.relatedness_tier,
    rel.best_index
  FROM entry AS s
  CROSS JOIN settings
  JOIN occupations AS t
    ON t.soc_code <> s.soc_code
    AND t.median_wage_annual > s.median_wage_annual
    AND t.median_wage_annual >= s.median_wage_annual * (1 + settings.min_gain)
    AND t.job_zone >= s.job_zone
  LEFT JOIN {{ref "int_onet_soc_related"}} AS rel
    ON rel.soc_code = s.soc_code AND rel.related_soc_code = t.soc_code
  WHERE t.job_zone - s.job_zone <= CASE WHEN rel.tier_rank IS NULL THEN 1 ELSE 2 END
),
vectors AS (
  SELECT soc_code, domain, element_id, importance_std AS x
  FROM {{ref "int_onet_soc_ratings"}}
  WHERE domain IN ('skills', 'knowledge') AND importance_std IS NOT NULL
),
similarity AS (
  SELECT
    c.from_soc_code,
    c.to_soc_code,
    {{safe_divide "SUM(a.x * b.x)" "SQRT(SUM(a.x * a.x)) * SQRT(SUM(b.x * b.x))"}} AS similarity,
    COUNT(*) AS elements_compared
  FROM candidates AS c
  JOIN vectors AS a ON a.soc_code = c.from_soc_code
  JOIN vectors AS b ON b.soc_code = c.to_soc_code AND b.domain = a.domain AND b.element_id = a.element_id
  GROUP BY c.from_soc_code, c.to_soc_code
),
scored AS (
  SELECT
    c.*,
    sim.similarity,
    sim.elements_compared,
    sim.similarity
      + CASE c.tier_rank WHEN 1 THEN 0.05 WHEN 2 THEN 0.03 WHEN 3 THEN 0.01 ELSE 0.0 END AS ranking_score
  FROM candidates AS c
  JOIN similarity AS sim ON sim.from_soc_code = c.from_soc_code AND sim.to_soc_code = c.to_soc_code
  WHERE sim.similarity IS NOT NULL
),
ranked AS (
  SELECT
    scored.*,
    ROW_NUMBER() OVER (
      PARTITION BY from_soc_code ORDER BY ranking_score DESC, similarity DESC, to_soc_code
    ) AS step_rank
  FROM scored
),
picked AS (
  SELECT ranked.*
  FROM ranked
  CROSS JOIN settings
  WHERE ranked.step_rank <= settings.step_limit
),
levels AS (
  SELECT soc_code, domain, element_id, element_name, importance_std, level_needed_std
  FROM {{ref "int_onet_soc_ratings"}}
  WHERE domain IN ('skills', 'knowledge') AND level_needed_std IS NOT NULL
),
gaps AS (
  SELECT
    p.from_soc_code,
    p.to_soc_code,
    t.domain,
    t.element_name,
    t.level_needed_std - s.level_needed_std AS gap,
    ROW_NUMBER() OVER (
      PARTITION BY p.from_soc_code, p.to_soc_code, t.domain
      ORDER BY t.level_needed_std - s.level_needed_std DESC, t.element_name
    ) AS k
  FROM picked AS p
  JOIN levels AS t ON t.soc_code = p.to_soc_code
  JOIN levels AS s ON s.soc_code = p.from_soc_code AND s.domain = t.domain AND s.element_id = t.element_id
  WHERE t.level_needed_std > s.level_needed_std AND t.importance_std >= 50
),
to_build AS (
  SELECT
    from_soc_code,
    to_soc_code,
    STRING_AGG(CASE WHEN domain = 'skills' THEN element_name END, '; ' ORDER BY k) AS skills_to_build,
    MAX(CASE WHEN domain = 'skills' THEN gap END) AS largest_skill_gap,
    STRING_AGG(CASE WHEN domain = 'knowledge' THEN element_name END, '; ' ORDER BY k) AS knowledge_to_build,
    MAX(CASE WHEN domain = 'knowledge' THEN gap END) AS largest_knowledge_gap
  FROM gaps
  WHERE k <= 3
  GROUP BY from_soc_code, to_soc_code
)
SELECT
  p.from_soc_code,
  f.soc_title AS from_soc_title,
  f.job_zone AS from_job_zone,
  f.median_wage_annual AS from_median_wage_annual,
  f.annual_openings AS from_annual_openings,
  p.to_soc_code,
  t.soc_title AS to_soc_title,
  t.job_zone AS to_job_zone,
  t.median_wage_annual AS to_median_wage_annual,
  t.top_coded AS to_wage_top_coded,
  t.annual_openings AS to_annual_openings,
  t.median_wage_annual - f.median_wage_annual AS wage_gain_annual,
  100.0 * {{safe_divide "t.median_wage_annual - f.median_wage_annual" "f.median_wage_annual"}} AS wage_gain_pct,
  p.similarity,
  p.elements_compared,
  p.tier_rank IS NOT NULL AS is_related,
  p.relatedness_tier,
  p.best_index AS related_index,
  t.job_zone - f.job_zone AS job_zone_step,
  p.ranking_score,
  p.step_rank,
  b.skills_to_build,
  b.largest_skill_gap,
  b.knowledge_to_build,
  b.largest_knowledge_gap
FROM picked AS p
JOIN occupations AS f ON f.soc_code = p.from_soc_code
JOIN occupations AS t ON t.soc_code = p.to_soc_code
LEFT JOIN to_build AS b ON b.from_soc_code = p.from_soc_code AND b.to_soc_code = p.to_soc_code
