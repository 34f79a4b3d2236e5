-- stg_survey_choices: multi-select answers (challenges, training, work-based learning) and the top challenge
-- of complete survey responses. Grain: one row per wave × response_id × question × option_id.
-- Sources: raw_survey_choices, raw_survey_responses.
SELECT c.wave, c.response_id, c.question, c.option_id
FROM {{source "survey_choices"}} AS c
JOIN {{source "survey_responses"}} AS r ON r.wave = c.wave AND r.response_id = c.response_id
WHERE r.status = 'complete'
UNION ALL
SELECT wave, response_id, 'topChallenge' AS question, top_challenge AS option_id
FROM {{source "survey_responses"}}
WHERE status = 'complete' AND top_challenge IS NOT NULL
