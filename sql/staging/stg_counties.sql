-- stg_counties: U.S. counties and equivalents with their 5-digit FIPS code (Census national_county.txt, 2010).
-- Grain: one row per county_fips. Sources: raw_county_fips.
-- The list includes Puerto Rico's municipios and the island areas (state FIPS 60 and up); in_states_dc marks the
-- 50 states and the District of Columbia.
SELECT
  TRIM(state_fips) || TRIM(county_fips) AS county_fips,
  TRIM(state_fips) AS state_fips,
  TRIM(county_fips) AS county_code,
  TRIM(state) AS state_abbr,
  TRIM(county_name) AS county_name,
  TRIM(class_fp) AS class_fp,
  TRIM(state_fips) <= '56' AS in_states_dc
FROM {{source "county_fips"}}
