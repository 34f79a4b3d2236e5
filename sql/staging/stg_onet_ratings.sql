-- stg_onet_ratings: O*NET Skills, Knowledge and Abilities ratings, importance and level side by side, each
-- standardised to 0-100.
-- Grain: one row per onet_soc_code × domain × element_id.
-- Sources: raw_onet_ratings (Skills, Knowledge, Abilities files; the domain comes from the file name),
-- stg_onet_scales (Scales Reference: the range of each scale), stg_onet_occupations (titles),
-- raw_onet_content_model (element descriptions).
-- Standardised score = (value - scale minimum) / (scale maximum - scale minimum) × 100 (O*NET's own formula:
-- importance IM 1-5, level LV 0-7 in O*NET 29).
-- Recommend Suppress = Y: the value is kept (and standardised) but flagged, and the *_metric column is NULL, so
-- it counts in no average, similarity or gap. Not Relevant = Y (level rows): raters judged the element not
-- relevant to the occupation; the level is kept and flagged, and level_metric is NULL. `n/a` (text release) and
-- empty cells (Excel release) are NULL.
WITH raw AS (
  SELECT
    TRIM(onet_soc_code) AS onet_soc_code,
    domain,
    TRIM(element_id) AS element_id,
    TRIM(element_name) AS element_name,
    TRIM(scale_id) AS scale_id,
    data_value,
    {{safe_cast "NULLIF(n, 'n/a')" "float64"}} AS n,
    {{safe_cast "NULLIF(standard_error, 'n/a')" "float64"}} AS standard_error,
    COALESCE(recommend_suppress = 'Y', FALSE) AS suppressed,
    COALESCE(not_relevant = 'Y', FALSE) AS not_relevant,
    title,
    date,
    domain_source,
    _vintage
  FROM {{source "onet_ratings"}}
  WHERE onet_soc_code IS NOT NULL AND domain IS NOT NULL
),
scored AS (
  SELECT
    raw.*,
    100.0 * {{safe_divide "raw.data_value - s.minimum" "s.maximum - s.minimum"}} AS value_std
  FROM raw
  LEFT JOIN {{ref "stg_onet_scales"}} AS s ON s.scale_id = raw.scale_id
),
pivoted AS (
  SELECT
    onet_soc_code,
    domain,
    element_id,
    MAX(element_name) AS element_name,
    MAX(title) AS file_title,
    MAX(CASE WHEN scale_id = 'IM' THEN data_value END) AS importance,
    MAX(CASE WHEN scale_id = 'IM' THEN value_std END) AS importance_std,
    MAX(CASE WHEN scale_id = 'IM' THEN n END) AS importance_n,
    MAX(CASE WHEN scale_id = 'IM' THEN standard_error END) AS importance_se,
    COALESCE(MAX(CASE WHEN scale_id = 'IM' AND suppressed THEN 1 ELSE 0 END) = 1, FALSE) AS importance_suppressed,
    MAX(CASE WHEN scale_id = 'LV' THEN data_value END) AS level,
    MAX(CASE WHEN scale_id = 'LV' THEN value_std END) AS level_std,
    MAX(CASE WHEN scale_id = 'LV' THEN n END) AS level_n,
    MAX(CASE WHEN scale_id = 'LV' THEN standard_error END) AS level_se,
    COALESCE(MAX(CASE WHEN scale_id = 'LV' AND suppressed THEN 1 ELSE 0 END) = 1, FALSE) AS level_suppressed,
    COALESCE(MAX(CASE WHEN scale_id = 'LV' AND not_relevant THEN 1 ELSE 0 END) = 1, FALSE) AS level_not_relevant,
    SUM(CASE WHEN scale_id = 'IM' THEN 1 ELSE 0 END) AS importance_rows,
    SUM(CASE WHEN scale_id = 'LV' THEN 1 ELSE 0 END) AS level_rows,
    MAX(date) AS rating_date,
    MAX(domain_source) AS domain_source,
    MAX(_vintage) AS vintage
  FROM scored
  GROUP BY onet_soc_code, domain, element_id
),
elements AS (
  SELECT TRIM(element_id) AS element_id, MAX(description) AS element_description
  FROM {{source "onet_content_model"}}
  GROUP BY TRIM(element_id)
)
SELECT
  p.onet_soc_code,
  SUBSTR(p.onet_soc_code, 1, 7) AS soc_code,
  SUBSTR(p.onet_soc_code, 9, 2) = '00' AS is_soc_occupation,
  COALESCE(o.title, p.file_title) AS title,
  p.domain,
  p.element_id,
  p.element_name,
  e.element_description,
  p.importance,
  p.importance_std,
  CASE WHEN p.importance_suppressed THEN NULL ELSE p.importance_std END AS importance_metric,
  p.importance_n,
  p.importance_se,
  p.importance_suppressed,
  p.level,
  p.level_std,
  CASE WHEN p.level_suppressed OR p.level_not_relevant THEN NULL ELSE p.level_std END AS level_metric,
  p.level_n,
  p.level_se,
  p.level_suppressed,
  p.level_not_relevant,
  CASE
    WHEN p.importance_suppressed AND p.level_suppressed THEN 'importance and level suppressed'
    WHEN p.importance_suppressed AND p.level_not_relevant THEN 'importance suppressed; level not relevant'
    WHEN p.importance_suppressed THEN 'importance suppressed'
    WHEN p.level_suppressed THEN 'level suppressed'
    WHEN p.level_not_relevant THEN 'level not relevant'
  END AS exclusion_reason,
  p.importance_rows,
  p.level_rows,
  p.rating_date,
  p.domain_source,
  p.vintage
FROM pivoted AS p
LEFT JOIN {{ref "stg_onet_occupations"}} AS o ON o.onet_soc_code = p.onet_soc_code
LEFT JOIN elements AS e ON e.element_id = p.element_id
