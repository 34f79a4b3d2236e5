-- int_onet_soc_job_zones: the O*NET Job Zone of each occupation code of the demand data (SOC 2018, or an OEWS
-- or projections aggregate).
-- Grain: one row per soc_code. Sources: stg_onet_job_zones, int_onet_soc_crosswalk.
-- A SOC occupation: the .00 O*NET-SOC occupation's zone when O*NET has one; else the zone most of its
-- specialties have. An aggregate O*NET splits (51-2090, ...): the zone most of the SOC occupations standing for
-- it have. Ties go to the lower zone (the more accessible reading). The range over all of them is kept.
WITH zones AS (
  SELECT
    soc_code,
    job_zone,
    COUNT(*) AS occupations,
    MAX(CASE WHEN is_soc_occupation THEN 1 ELSE 0 END) AS is_base
  FROM {{ref "stg_onet_job_zones"}}
  WHERE job_zone IS NOT NULL
  GROUP BY soc_code, job_zone
),
by_soc AS (
  SELECT
    soc_code,
    job_zone,
    is_base,
    ROW_NUMBER() OVER (PARTITION BY soc_code ORDER BY is_base DESC, occupations DESC, job_zone) AS pick,
    MIN(job_zone) OVER (PARTITION BY soc_code) AS job_zone_min,
    MAX(job_zone) OVER (PARTITION BY soc_code) AS job_zone_max,
    SUM(occupations) OVER (PARTITION BY soc_code) AS onet_occupations
  FROM zones
),
mapped AS (
  SELECT
    x.soc_code,
    x.match,
    b.job_zone,
    CASE WHEN b.is_base = 1 THEN 'onet_soc_00' ELSE 'most_common_of_specialties' END AS soc_basis,
    b.job_zone_min,
    b.job_zone_max,
    b.onet_occupations
  FROM {{ref "int_onet_soc_crosswalk"}} AS x
  JOIN by_soc AS b ON b.soc_code = x.rated_soc_code AND b.pick = 1
),
counted AS (
  SELECT
    soc_code,
    job_zone,
    COUNT(*) AS socs,
    MAX(match) AS match,
    MAX(soc_basis) AS soc_basis
  FROM mapped
  GROUP BY soc_code, job_zone
),
ranked AS (
  SELECT
    counted.*,
    ROW_NUMBER() OVER (PARTITION BY soc_code ORDER BY socs DESC, job_zone) AS pick
  FROM counted
),
ranges AS (
  SELECT
    soc_code,
    MIN(job_zone_min) AS job_zone_min,
    MAX(job_zone_max) AS job_zone_max,
    SUM(onet_occupations) AS onet_occupations
  FROM mapped
  GROUP BY soc_code
),
reference AS (
  SELECT job_zone, MAX(job_zone_name) AS job_zone_name
  FROM {{ref "stg_onet_job_zones"}}
  GROUP BY job_zone
)
SELECT
  r.soc_code,
  r.job_zone,
  ref.job_zone_name,
  CASE WHEN r.match = 'soc_group' THEN 'most_common_of_soc_group' ELSE r.soc_basis END AS basis,
  g.job_zone_min,
  g.job_zone_max,
  g.onet_occupations
FROM ranked AS r
JOIN ranges AS g ON g.soc_code = r.soc_code
LEFT JOIN reference AS ref ON ref.job_zone = r.job_zone
WHERE r.pick = 1
