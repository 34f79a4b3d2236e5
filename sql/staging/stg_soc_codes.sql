-- stg_soc_codes: the SOC 2018 structure (BLS soc_2018_definitions), one row per code of every level.
-- Grain: one row per soc_code. Sources: raw_soc_definitions.
-- The file's lines are read whole (only Detailed lines carry a definition, so the others are a field short) and
-- split here: group, 7-character code, title (quoted when it holds a comma), then the definition, CSV-quoted
-- with "" for a quote. Codes are listed in order and each sits under the last group above it: that is how parents
-- are found, since the hierarchy is not quite positional (minor groups 15-1200, 31-1100 and 51-5100 end in 00,
-- not 000, and the physicians 29-1221 to 29-1229 sit under the broad occupation 29-1210).
WITH lines AS (
  SELECT record
  FROM {{source "soc_definitions"}}
  WHERE record IS NOT NULL AND TRIM(record) <> ''
),
head AS (
  SELECT
    SUBSTR(record, 1, STRPOS(record, ',') - 1) AS soc_group,
    SUBSTR(record, STRPOS(record, ',') + 1, 7) AS soc_code,
    SUBSTR(record, STRPOS(record, ',') + 9) AS rest
  FROM lines
),
titled AS (
  SELECT
    soc_group,
    soc_code,
    CASE
      WHEN SUBSTR(rest, 1, 1) = '"' THEN SUBSTR(rest, 2, STRPOS(SUBSTR(rest, 2), '"') - 1)
      WHEN STRPOS(rest, ',') > 0 THEN SUBSTR(rest, 1, STRPOS(rest, ',') - 1)
      ELSE rest
    END AS soc_title,
    CASE
      WHEN SUBSTR(rest, 1, 1) = '"' THEN SUBSTR(rest, STRPOS(SUBSTR(rest, 2), '"') + 3)
      WHEN STRPOS(rest, ',') > 0 THEN SUBSTR(rest, STRPOS(rest, ',') + 1)
      ELSE ''
    END AS definition_raw
  FROM head
),
parsed AS (
  SELECT
    soc_code,
    TRIM(soc_title) AS soc_title,
    LOWER(TRIM(soc_group)) AS soc_level,
    NULLIF(
      TRIM(
        CASE
          WHEN SUBSTR(definition_raw, 1, 1) = '"'
            THEN REPLACE(SUBSTR(definition_raw, 2, LENGTH(definition_raw) - 2), '""', '"')
          ELSE definition_raw
        END
      ),
      ''
    ) AS soc_definition
  FROM titled
),
soc_groups AS (
  SELECT soc_code, soc_level FROM parsed WHERE soc_level IN ('minor', 'broad')
),
with_minor AS (
  SELECT p.soc_code, MAX(g.soc_code) AS minor_code
  FROM parsed AS p
  LEFT JOIN soc_groups AS g
    ON g.soc_level = 'minor' AND SUBSTR(g.soc_code, 1, 2) = SUBSTR(p.soc_code, 1, 2) AND g.soc_code <= p.soc_code
  WHERE p.soc_level <> 'major'
  GROUP BY p.soc_code
),
with_broad AS (
  SELECT p.soc_code, MAX(g.soc_code) AS broad_code
  FROM parsed AS p
  JOIN with_minor AS m ON m.soc_code = p.soc_code
  LEFT JOIN soc_groups AS g
    ON g.soc_level = 'broad' AND g.soc_code <= p.soc_code AND g.soc_code > m.minor_code
  WHERE p.soc_level IN ('broad', 'detailed')
  GROUP BY p.soc_code
)
SELECT
  p.soc_code,
  p.soc_title,
  p.soc_level,
  p.soc_definition,
  SUBSTR(p.soc_code, 1, 2) || '-0000' AS major_code,
  m.minor_code,
  b.broad_code
FROM parsed AS p
LEFT JOIN with_minor AS m ON m.soc_code = p.soc_code
LEFT JOIN with_broad AS b ON b.soc_code = p.soc_code
