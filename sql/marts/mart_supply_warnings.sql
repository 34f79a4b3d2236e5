-- mart_supply_warnings: what the supply figures may miss or count twice, for the report to show beside them.
-- Grain: one row per warning_type × unitid × cip_code (either may be empty).
-- Sources: int_supply_institutions, int_supply_completions, int_supply_allocation, stg_ipeds_institutions,
-- stg_ipeds_completions, stg_cip_soc, metric_settings, region_counties.
-- IPEDS places an institution at its own address and counts its completions where it reports them, so:
--   reported_by_parent    an institution in the region (or listed) whose completions its parent reports (PRCH_C 2):
--                         counted only if the parent is selected; missing from supply when the parent is elsewhere;
--   parent_includes_campuses_elsewhere  a selected institution whose completions include child campuses outside
--                         the region (PRCH_C 1);
--   listed_outside_region a listed institution located outside the region: every campus reporting under its UNITID
--                         counts (a statewide multi-campus college counts the whole state);
--   listed_not_in_directory, no_completions  a selected UNITID the directory lacks, or without counted completions;
--   multi_campus_system   a selected institution of a multi-institution system with members outside the region;
--   selection_by_county   reminder, when institutions are chosen by county, that a multi-campus institution
--                         reporting under one UNITID sits in its main campus's county;
--   program_not_linked    completions of programs the crosswalk links to no occupation (not counted as supply);
--   employment_fallback   how many programs the employment method split equally, none of their occupations
--                         having regional employment (one row);
--   no_institutions, crosswalk_not_loaded  why supply is empty.
-- Nothing is reported until IPEDS completions are loaded.
WITH loaded AS (
  SELECT
    (SELECT MAX(year) FROM {{ref "stg_ipeds_completions"}} WHERE is_program) AS year,
    (SELECT COUNT(*) FROM {{ref "stg_cip_soc"}} WHERE is_link) AS links,
    (SELECT COUNT(*) FROM {{ref "int_supply_institutions"}}) AS institutions
),
settings AS (
  SELECT
    COALESCE(MAX(CASE WHEN institutions_listed THEN 1 ELSE 0 END), 0) = 1 AS listed,
    MAX(supply_allocation) AS method
  FROM {{source "metric_settings"}}
),
region AS (
  SELECT DISTINCT county_fips FROM {{source "region_counties"}}
),
latest_directory AS (
  SELECT i.*
  FROM {{ref "stg_ipeds_institutions"}} AS i
  JOIN (SELECT unitid, MAX(year) AS year FROM {{ref "stg_ipeds_institutions"}} GROUP BY unitid) AS l
    ON l.unitid = i.unitid AND l.year = i.year
),
directory AS (
  SELECT d.*, r.county_fips IS NOT NULL AS in_region
  FROM latest_directory AS d
  LEFT JOIN region AS r ON r.county_fips = d.county_fips
),
selected AS (
  SELECT * FROM {{ref "int_supply_institutions"}}
),
counted AS (
  SELECT unitid, CAST(SUM(completions) AS {{type "float64"}}) AS completions
  FROM {{ref "int_supply_completions"}}
  GROUP BY unitid
),
warnings AS (
  -- Supply cannot be computed.
  SELECT
    'warning' AS severity, 'crosswalk_not_loaded' AS warning_type,
    CAST(NULL AS {{type "string"}}) AS unitid, CAST(NULL AS {{type "string"}}) AS related_unitid,
    CAST(NULL AS {{type "string"}}) AS cip_code, CAST(NULL AS {{type "float64"}}) AS completions,
    'IPEDS completions are loaded but the CIP-SOC crosswalk is not: completions cannot be matched to occupations.' AS message
  FROM loaded WHERE links = 0
  UNION ALL
  SELECT
    'warning', 'no_institutions', NULL, NULL, NULL, NULL,
    CASE WHEN s.listed THEN 'No institution is listed as a provider of the region.'
      ELSE {{str "No institution in the IPEDS directory lies in the region's counties: list providers by UNITID in metrics.supply.institutions."}} END
  FROM loaded CROSS JOIN settings AS s WHERE loaded.institutions = 0
  UNION ALL
  -- Institutions in the region (or listed) whose completions a parent reports.
  SELECT
    CASE WHEN ps.unitid IS NULL THEN 'warning' ELSE 'info' END,
    'reported_by_parent', d.unitid, d.completions_parent_unitid, NULL, NULL,
    d.institution_name || ' (' || d.unitid || ') reports its completions with its parent '
      || COALESCE(p.institution_name, 'UNITID') || ' (' || d.completions_parent_unitid || ')'
      || COALESCE(', ' || p.city || ', ' || p.state_abbr, '')
      || CASE
        WHEN ps.unitid IS NOT NULL THEN {{str ", which is counted: the parent's completions include this campus."}}
        WHEN p.in_region THEN ', which is in the region but not among the listed institutions: its completions are not counted.'
        ELSE {{str ", outside the region: completions at this campus are not in the region's supply."}}
      END
  FROM directory AS d
  LEFT JOIN selected AS s ON s.unitid = d.unitid
  LEFT JOIN directory AS p ON p.unitid = d.completions_parent_unitid
  LEFT JOIN selected AS ps ON ps.unitid = d.completions_parent_unitid
  WHERE d.completions_parent_child = 'child' AND (d.in_region OR s.unitid IS NOT NULL)
  UNION ALL
  -- Selected parents whose completions include campuses outside the region.
  SELECT
    'warning', 'parent_includes_campuses_elsewhere', s.unitid, MIN(c.unitid), NULL, MAX(k.completions),
    s.institution_name || ' (' || s.unitid || ') reports completions for ' || CAST(COUNT(*) AS {{type "string"}})
      || ' campus(es) outside the region (e.g. ' || MIN(c.institution_name || ', ' || c.city || ', ' || c.state_abbr)
      || '): its supply includes their completers.'
  FROM selected AS s
  JOIN directory AS c ON c.completions_parent_unitid = s.unitid AND NOT c.in_region
  LEFT JOIN counted AS k ON k.unitid = s.unitid
  GROUP BY s.unitid, s.institution_name
  UNION ALL
  -- Listed institutions located outside the region.
  SELECT
    'warning', 'listed_outside_region', s.unitid, NULL, NULL, k.completions,
    s.institution_name || ' (' || s.unitid || '), ' || s.city || ', ' || s.state_abbr
      || COALESCE(' (' || s.county_name || ')', '')
      || ' is listed but located outside the region: all completions reported under this UNITID count, including any campuses elsewhere.'
  FROM selected AS s
  LEFT JOIN counted AS k ON k.unitid = s.unitid
  WHERE s.selected_by = 'listed' AND s.in_directory AND NOT s.in_region
  UNION ALL
  SELECT
    'warning', 'listed_not_in_directory', s.unitid, NULL, NULL, k.completions,
    'UNITID ' || s.unitid || ' is listed but not in the loaded IPEDS directory: its location cannot be checked.'
  FROM selected AS s
  LEFT JOIN counted AS k ON k.unitid = s.unitid
  WHERE NOT s.in_directory AND (SELECT COUNT(*) FROM directory) > 0
  UNION ALL
  SELECT
    'info', 'no_completions', s.unitid, NULL, NULL, 0,
    COALESCE(s.institution_name || ' (' || s.unitid || ')', 'UNITID ' || s.unitid)
      || ' has no first-major completions at the counted award levels in ' || loaded.year || '.'
  FROM selected AS s
  CROSS JOIN loaded
  LEFT JOIN counted AS k ON k.unitid = s.unitid
  WHERE k.unitid IS NULL AND loaded.year IS NOT NULL
  UNION ALL
  -- Members of multi-institution systems with members elsewhere.
  SELECT
    'info', 'multi_campus_system', s.unitid, NULL, NULL, k.completions,
    s.institution_name || ' (' || s.unitid || ') belongs to ' || s.system_name || ', with '
      || CAST(COUNT(DISTINCT o.unitid) AS {{type "string"}})
      || ' member institution(s) outside the region: members report their own completions unless IPEDS records a parent.'
  FROM selected AS s
  JOIN directory AS o ON o.system_code = s.system_code AND o.unitid <> s.unitid AND NOT o.in_region
  LEFT JOIN counted AS k ON k.unitid = s.unitid
  WHERE s.system_code IS NOT NULL
  GROUP BY s.unitid, s.institution_name, s.system_name, k.completions
  UNION ALL
  SELECT
    'info', 'selection_by_county', NULL, NULL, NULL, NULL,
    {{str "Institutions are chosen by the county of their IPEDS address. An institution that reports several campuses under one UNITID (a statewide community college, for one) is counted only in its main campus's county: list UNITIDs in metrics.supply.institutions to choose providers yourself."}}
  FROM settings AS s CROSS JOIN loaded
  WHERE NOT s.listed AND loaded.year IS NOT NULL
  UNION ALL
  -- Completions the crosswalk cannot place.
  SELECT
    'info', 'program_not_linked', NULL, NULL, c.cip_code, CAST(SUM(c.completions) AS {{type "float64"}}),
    CAST(SUM(c.completions) AS {{type "string"}}) || ' completion(s) in ' || c.cip_code
      || COALESCE(' (' || RTRIM(MIN(c.cip_title), '.') || ')', '')
      || CASE WHEN MIN(c.crosswalk_status) = 'no occupation' THEN ' are not counted: NCES links the program to no occupation.'
        ELSE ' are not counted: the program is not in the CIP-SOC crosswalk.' END
  FROM {{ref "int_supply_completions"}} AS c
  CROSS JOIN loaded
  WHERE c.crosswalk_status <> 'linked' AND loaded.links > 0
  GROUP BY c.cip_code
  HAVING SUM(c.completions) > 0
  UNION ALL
  SELECT
    'info', 'employment_fallback', NULL, NULL, NULL, CAST(SUM(f.program_completions) AS {{type "float64"}}),
    CAST(COUNT(*) AS {{type "string"}}) || ' program(s) with ' || CAST(SUM(f.program_completions) AS {{type "string"}})
      || ' completion(s) were split equally over their occupations: none of those occupations has regional employment in the partnership industry'
      || CASE WHEN MAX(e.n) = 0 THEN {{str " (no occupation employment is loaded)."}} ELSE '.' END
  FROM (
    SELECT cip_code, MAX(program_completions) AS program_completions
    FROM {{ref "int_supply_allocation"}}
    WHERE employment_fallback
    GROUP BY cip_code
  ) AS f
  CROSS JOIN settings AS s
  CROSS JOIN (SELECT COUNT(employment) AS n FROM {{ref "int_occupation_employment"}}) AS e
  WHERE s.method = 'employment'
  HAVING COUNT(*) > 0
)
SELECT
  w.severity,
  w.warning_type,
  w.unitid,
  COALESCE(d.institution_name, si.institution_name) AS institution_name,
  w.related_unitid,
  w.cip_code,
  w.completions,
  w.message
FROM warnings AS w
CROSS JOIN loaded
LEFT JOIN directory AS d ON d.unitid = w.unitid
LEFT JOIN selected AS si ON si.unitid = w.unitid
WHERE loaded.year IS NOT NULL
