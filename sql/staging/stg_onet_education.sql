-- stg_onet_education: O*NET Education, Training, and Experience: the share of respondents in each category of
-- required education (RL), related work experience (RW), on-site training (PT) and on-the-job training (OJ),
-- and the importance (IM) of a professional certification and of an apprenticeship.
-- Grain: one row per onet_soc_code × element_id × scale_id × category (category empty for IM rows).
-- Sources: raw_onet_education, raw_onet_education_categories (category descriptions), stg_onet_scales.
-- Recommend Suppress = Y: the value is kept and flagged; value_metric is NULL.
WITH categories AS (
  SELECT TRIM(scale_id) AS scale_id, category, MAX(category_description) AS category_description
  FROM {{source "onet_education_categories"}}
  GROUP BY TRIM(scale_id), category
),
loaded AS (
  SELECT
    TRIM(onet_soc_code) AS onet_soc_code,
    TRIM(element_id) AS element_id,
    TRIM(element_name) AS element_name,
    TRIM(scale_id) AS scale_id,
    TRIM(scale_name) AS scale_name,
    {{safe_cast "NULLIF(category, 'n/a')" "int64"}} AS category,
    data_value,
    COALESCE(recommend_suppress = 'Y', FALSE) AS suppressed,
    {{safe_cast "NULLIF(n, 'n/a')" "float64"}} AS n,
    date,
    domain_source
  FROM {{source "onet_education"}}
  WHERE onet_soc_code IS NOT NULL
)
SELECT
  r.onet_soc_code,
  SUBSTR(r.onet_soc_code, 1, 7) AS soc_code,
  r.element_id,
  r.element_name,
  r.scale_id,
  COALESCE(s.scale_name, r.scale_name) AS scale_name,
  r.scale_id IN ('RL', 'RW', 'PT', 'OJ') AS is_category_scale,
  r.category,
  c.category_description,
  r.data_value,
  CASE WHEN r.suppressed THEN NULL ELSE r.data_value END AS value_metric,
  r.suppressed,
  r.n,
  r.date AS rating_date,
  r.domain_source
FROM loaded AS r
LEFT JOIN categories AS c ON c.scale_id = r.scale_id AND c.category = r.category
LEFT JOIN {{ref "stg_onet_scales"}} AS s ON s.scale_id = r.scale_id
