-- stg_survey_jobs: the critical jobs of complete survey responses, coded to SOC 2018.
-- Grain: one row per wave × response_id × block. Sources: raw_survey_jobs, raw_survey_responses.
-- Confidential: each row is one employer's plans for one job.
SELECT
  j.wave,
  j.response_id,
  j.block,
  j.title,
  j.soc,
  j.soc_title,
  j.soc_method,
  j.soc_score,
  j.soc_needs_review,
  j.current_employees,
  j.vacancies,
  j.hires_12m,
  j.hires_1_3y,
  j.hires_3_5y,
  j.hires_growth_12m,
  j.hires_replacement_12m,
  j.hard_to_fill,
  j.wage_hourly,
  j.education
FROM {{source "survey_jobs"}} AS j
JOIN {{source "survey_responses"}} AS r ON r.wave = j.wave AND r.response_id = j.response_id
WHERE r.status = 'complete'
