-- int_onet_soc_ratings: O*NET ratings per occupation code of the demand data (SOC 2018, or an OEWS or
-- projections aggregate), from the ratings of the O*NET-SOC occupations standing for it.
-- Grain: one row per soc_code × domain × element_id. Sources: stg_onet_ratings, int_onet_soc_crosswalk.
-- Which O*NET-SOC occupations stand for a SOC occupation, per domain: the .00 occupation (11-1011.00 is SOC
-- 11-1011 itself) when it is rated, else the mean over its rated specialties (.01, .02, ...). A specialty is
-- a narrower job inside the SOC occupation and averaging it in would tilt the SOC profile towards it, so it
-- counts only where O*NET rates no .00 occupation (26 SOC occupations in O*NET 29 Skills, e.g. 13-1199).
-- An aggregate O*NET splits (51-2090, 51-2028, ...: see int_onet_soc_crosswalk) takes the mean over the SOC
-- occupations standing for it, each counted once.
-- Means are over values that count in metrics: suppressed values and not-relevant levels are left out, so a
-- SOC occupation whose only value is suppressed has none.
WITH ratings AS (
  SELECT * FROM {{ref "stg_onet_ratings"}}
),
rated AS (
  SELECT
    soc_code,
    domain,
    onet_soc_code,
    MAX(CASE WHEN is_soc_occupation THEN 1 ELSE 0 END) AS is_base
  FROM ratings
  GROUP BY soc_code, domain, onet_soc_code
),
basis AS (
  SELECT soc_code, domain, MAX(is_base) AS has_base
  FROM rated
  GROUP BY soc_code, domain
),
chosen AS (
  SELECT r.soc_code, r.domain, r.onet_soc_code, b.has_base
  FROM rated AS r
  JOIN basis AS b ON b.soc_code = r.soc_code AND b.domain = r.domain
  WHERE b.has_base = 0 OR r.is_base = 1
),
by_soc AS (
  SELECT
    r.soc_code,
    r.domain,
    r.element_id,
    MAX(r.element_name) AS element_name,
    AVG(r.importance_metric) AS importance_std,
    AVG(r.level_metric) AS level_std,
    -- The level an occupation needs, for gaps between occupations: a level rated not relevant counts as 0 (not
    -- required); suppressed levels still count nowhere.
    AVG(
      CASE
        WHEN r.level_metric IS NOT NULL THEN r.level_metric
        WHEN r.level_not_relevant AND NOT r.level_suppressed THEN 0.0
      END
    ) AS level_needed_std,
    COUNT(r.importance_metric) AS importance_values,
    COUNT(r.level_metric) AS level_values,
    SUM(CASE WHEN r.importance_suppressed THEN 1 ELSE 0 END) AS importance_suppressed,
    SUM(CASE WHEN r.level_suppressed THEN 1 ELSE 0 END) AS level_suppressed,
    SUM(CASE WHEN r.level_not_relevant THEN 1 ELSE 0 END) AS level_not_relevant,
    COUNT(*) AS onet_occupations,
    CASE WHEN MAX(c.has_base) = 1 THEN 'onet_soc_00' ELSE 'mean_of_specialties' END AS basis,
    STRING_AGG(r.onet_soc_code, ', ' ORDER BY r.onet_soc_code) AS onet_soc_codes
  FROM ratings AS r
  JOIN chosen AS c
    ON c.soc_code = r.soc_code AND c.domain = r.domain AND c.onet_soc_code = r.onet_soc_code
  GROUP BY r.soc_code, r.domain, r.element_id
),
mapped AS (
  SELECT
    x.soc_code, x.match, x.rated_soc_code, b.domain, b.element_id, b.element_name, b.importance_std,
    b.level_std, b.level_needed_std, b.importance_values, b.level_values, b.importance_suppressed,
    b.level_suppressed, b.level_not_relevant, b.onet_occupations, b.basis, b.onet_soc_codes
  FROM {{ref "int_onet_soc_crosswalk"}} AS x
  JOIN by_soc AS b ON b.soc_code = x.rated_soc_code
)
SELECT
  soc_code,
  domain,
  element_id,
  MAX(element_name) AS element_name,
  AVG(importance_std) AS importance_std,
  AVG(level_std) AS level_std,
  AVG(level_needed_std) AS level_needed_std,
  SUM(importance_values) AS importance_values,
  SUM(level_values) AS level_values,
  SUM(importance_suppressed) AS importance_suppressed,
  SUM(level_suppressed) AS level_suppressed,
  SUM(level_not_relevant) AS level_not_relevant,
  SUM(onet_occupations) AS onet_occupations,
  CASE WHEN MAX(match) = 'soc_group' THEN 'mean_of_soc_group' ELSE MAX(basis) END AS basis,
  STRING_AGG(onet_soc_codes, ', ' ORDER BY rated_soc_code) AS onet_soc_codes
FROM mapped
GROUP BY soc_code, domain, element_id
