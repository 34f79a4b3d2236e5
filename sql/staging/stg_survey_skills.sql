-- stg_survey_skills: skill ratings (importance, applicants' proficiency) of complete survey responses.
-- Grain: one row per wave × response_id × skill_id. Sources: raw_survey_skills, raw_survey_responses.
SELECT s.wave, s.response_id, s.skill_id, s.importance, s.proficiency
FROM {{source "survey_skills"}} AS s
JOIN {{source "survey_responses"}} AS r ON r.wave = s.wave AND r.response_id = s.response_id
WHERE r.status = 'complete'
