-- stg_onet_job_zones: the O*NET Job Zone (preparation level 1-5) of each O*NET-SOC occupation, with what the
-- zone means.
-- Grain: one row per onet_soc_code. Sources: raw_onet_job_zones, raw_onet_job_zone_reference,
-- stg_onet_occupations (titles).
WITH reference AS (
  SELECT job_zone, MAX(name) AS name, MAX(experience) AS experience, MAX(education) AS education,
         MAX(job_training) AS job_training, MAX(svp_range) AS svp_range
  FROM {{source "onet_job_zone_reference"}}
  GROUP BY job_zone
)
SELECT
  TRIM(z.onet_soc_code) AS onet_soc_code,
  SUBSTR(TRIM(z.onet_soc_code), 1, 7) AS soc_code,
  SUBSTR(TRIM(z.onet_soc_code), 9, 2) = '00' AS is_soc_occupation,
  COALESCE(o.title, TRIM(z.title)) AS title,
  z.job_zone,
  r.name AS job_zone_name,
  r.experience AS job_zone_experience,
  r.education AS job_zone_education,
  r.job_training AS job_zone_training,
  r.svp_range,
  z.date AS rating_date,
  z.domain_source
FROM {{source "onet_job_zones"}} AS z
LEFT JOIN reference AS r ON r.job_zone = z.job_zone
LEFT JOIN {{ref "stg_onet_occupations"}} AS o ON o.onet_soc_code = TRIM(z.onet_soc_code)
WHERE z.onet_soc_code IS NOT NULL
