-- stg_survey_responses: employer-needs survey responses that count: complete, not tests, not superseded.
-- Grain: one row per wave × response_id. Sources: raw_survey_responses.
-- Confidential: each row is one employer's answers. Only aggregates leave the warehouse.
SELECT
  wave,
  response_id,
  employer_key,
  employer_id_key,
  employer_name_key,
  submitted_at,
  county_fips,
  naics,
  employees,
  size_band,
  top_challenge
FROM {{source "survey_responses"}}
WHERE status = 'complete'
