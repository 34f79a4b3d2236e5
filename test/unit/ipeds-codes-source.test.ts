import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { CODES_SOURCE } from '../../src/ingest/sources/codes.ts';
import { IPEDS_SOURCE } from '../../src/ingest/sources/ipeds.ts';
import {
  createEmptyTables,
  disposePlan,
  loadTabular,
  planTabular,
  type TabularSource,
} from '../../src/ingest/tabular.ts';
import { compileChecks, runChecks } from '../../src/models/checks.ts';
import type { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import {
  IPEDS_CODES_STAGING_MODELS,
  modelSubsetProject,
  seedSocAggregates,
  useTempWarehouse,
} from '../helpers.ts';

describe('IPEDS and code-list files', () => {
  let dir: string;
  let warehouse: DuckdbWarehouse;
  useTempWarehouse((temp) => {
    ({ dir, warehouse } = temp);
  });

  async function file(name: string, lines: readonly string[], eol = '\n'): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, lines.join(eol) + eol);
    return path;
  }

  async function load(source: TabularSource, paths: string[]) {
    const plan = await planTabular(source, [{ paths, vintage: 'test', onBadFile: 'fail' }], (p) =>
      p.slice(dir.length + 1),
    );
    try {
      return await loadTabular(plan, { warehouse, logger: silentLogger, tag: 't' });
    } finally {
      await disposePlan(plan);
    }
  }

  /** Load both sources (absent files give empty tables), build the staging models; their error checks must pass. */
  async function stage(ipeds: string[], codes: string[]) {
    for (const [source, paths] of [
      [IPEDS_SOURCE, ipeds],
      [CODES_SOURCE, codes],
    ] as const) {
      if (paths.length === 0) await createEmptyTables(warehouse, source);
      else {
        const result = await load(source, paths);
        expect(result.issues).toEqual([]);
        expect(result.ok).toBe(true);
      }
    }
    // The staging models of these sources, built on their own (they read raw tables only).
    const project = await modelSubsetProject(dir, IPEDS_CODES_STAGING_MODELS);
    await seedSocAggregates(warehouse);
    for (const { model, sql } of project.ordered) await warehouse.createTableAs(model.name, sql);
    const failed = (await runChecks(warehouse, compileChecks(project.models, project.renderer), 3)).filter(
      (c) => c.status !== 'pass' && c.severity === 'error',
    );
    expect(failed.map((c) => `${c.id}: ${c.failing} ${JSON.stringify(c.sample)}`)).toEqual([]);
  }

  const rows = (sql: string) => warehouse.query(sql);

  describe('IPEDS completions', () => {
    it('reads the raw NCES layout and extracts of it, taking the year from the file name and CIP codes as text', async () => {
      const raw = await file('c2023_a.csv', [
        'UNITID,CIPCODE,MAJORNUM,AWLEVEL,XCTOTALT,CTOTALT,XCTOTALM,CTOTALM,XCTOTALW,CTOTALW,XCAIANT,CAIANT',
        '100654,"01.0101",1,3,R,12,R,5,R,7,R,0',
        '100654,"01.0101",2,5,R,3,R,1,R,2,R,0',
        '100654,"01",1,3,R,12,R,5,R,7,R,0',
        '100654,"99",1,3,R,15,R,6,R,9,R,0',
        '100654,"48.0501",1,21,A,4,A,4,A,0,A,0',
      ]);
      // An extract saved through Excel: leading zeros and trailing zeros of CIP codes lost, no imputation flags.
      const processed = await file('c2022_a_processed.csv', [
        'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT,CTOTALM,CTOTALW,IS_CIP_6DIGIT',
        '100654,1.0101,1,3,9,4,5,true',
        '100654,1.1,1,5,2,1,1,true',
        '100654,99,1,3,11,5,6,false',
      ]);
      await stage([raw, processed], []);
      expect(
        await rows(
          `SELECT year, academic_year, unitid, cip_code, cip_level, majornum, award_level, award_level_name, completions,
                  completions_men, imputation_flag
           FROM stg_ipeds_completions ORDER BY year, cip_code, majornum, award_level`,
        ),
      ).toEqual([
        {
          year: '2022',
          academic_year: '2021-22',
          unitid: '100654',
          cip_code: '01.0101',
          cip_level: 'program',
          majornum: 1,
          award_level: 3,
          award_level_name: "Associate's degree",
          completions: 9,
          completions_men: 4,
          imputation_flag: null,
        },
        {
          year: '2022',
          academic_year: '2021-22',
          unitid: '100654',
          cip_code: '01.1000',
          cip_level: 'program',
          majornum: 1,
          award_level: 5,
          award_level_name: "Bachelor's degree",
          completions: 2,
          completions_men: 1,
          imputation_flag: null,
        },
        {
          year: '2022',
          academic_year: '2021-22',
          unitid: '100654',
          cip_code: '99',
          cip_level: 'total',
          majornum: 1,
          award_level: 3,
          award_level_name: "Associate's degree",
          completions: 11,
          completions_men: 5,
          imputation_flag: null,
        },
        {
          year: '2023',
          academic_year: '2022-23',
          unitid: '100654',
          cip_code: '01',
          cip_level: 'family',
          majornum: 1,
          award_level: 3,
          award_level_name: "Associate's degree",
          completions: 12,
          completions_men: 5,
          imputation_flag: 'R',
        },
        {
          year: '2023',
          academic_year: '2022-23',
          unitid: '100654',
          cip_code: '01.0101',
          cip_level: 'program',
          majornum: 1,
          award_level: 3,
          award_level_name: "Associate's degree",
          completions: 12,
          completions_men: 5,
          imputation_flag: 'R',
        },
        {
          year: '2023',
          academic_year: '2022-23',
          unitid: '100654',
          cip_code: '01.0101',
          cip_level: 'program',
          majornum: 2,
          award_level: 5,
          award_level_name: "Bachelor's degree",
          completions: 3,
          completions_men: 1,
          imputation_flag: 'R',
        },
        {
          year: '2023',
          academic_year: '2022-23',
          unitid: '100654',
          cip_code: '48.0501',
          cip_level: 'program',
          majornum: 1,
          award_level: 21,
          award_level_name: 'Certificate 12 weeks to < 1 year',
          completions: 4,
          completions_men: 4,
          imputation_flag: 'A',
        },
        {
          year: '2023',
          academic_year: '2022-23',
          unitid: '100654',
          cip_code: '99',
          cip_level: 'total',
          majornum: 1,
          award_level: 3,
          award_level_name: "Associate's degree",
          completions: 15,
          completions_men: 6,
          imputation_flag: 'R',
        },
      ]);
    });

    it("uses NCES's revision of a year instead of the first release", async () => {
      const first = await file('c2023_a.csv', [
        'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT',
        '100654,"01.0101",1,3,12',
      ]);
      const revised = await file('c2023_a_rv.csv', [
        'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT',
        '100654,"01.0101",1,3,14',
      ]);
      await stage([first, revised], []);
      expect(await rows('SELECT cip_code, completions, source_file FROM stg_ipeds_completions')).toEqual([
        { cip_code: '01.0101', completions: 14, source_file: 'c2023_a_rv.csv' },
      ]);
    });

    it('rejects bad values with file, line, column and value, and files whose name carries no year', async () => {
      const bad = await file('c2023_a.csv', [
        'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT',
        '100654,"01.0101",1,3,12',
        '10065A,"01.0101",1,3,12',
        '100654,"Agriculture",1,3,12',
        '100654,"01.0102",1,3,-1',
      ]);
      const result = await load(IPEDS_SOURCE, [bad]);
      expect(result.ok).toBe(false);
      expect(result.issues.map((i) => [i.file, i.line, i.column, i.value])).toEqual([
        ['c2023_a.csv', 3, 1, '10065A'],
        ['c2023_a.csv', 4, 2, 'Agriculture'],
        ['c2023_a.csv', 5, 5, '-1'],
      ]);
      expect(result.issues[1]?.message).toMatch(/not a CIP code/);
      const unnamed = await file('completions.csv', [
        'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT',
        '100654,"01.0101",1,3,12',
      ]);
      const refused = await load(IPEDS_SOURCE, [unnamed]);
      expect(refused.ok).toBe(false);
      expect(refused.issues[0]).toMatchObject({ file: 'completions.csv' });
      expect(refused.issues[0]?.message).toMatch(/IPEDS file: the name completions.csv matches none/);
    });
  });

  describe('IPEDS institution directory', () => {
    it('reads the byte-order mark, pads county codes and takes parent/child reporting from the directory or the flags file', async () => {
      // A recent directory (no parent/child columns) with a BOM and CRLF line ends, an older one that has them,
      // and a flags file for the recent year.
      const hd2023 = await file(
        'hd2023.csv',
        [
          '\uFEFFUNITID,INSTNM,CITY,STABBR,FIPS,COUNTYCD,COUNTYNM,CONTROL,ICLEVEL,F1SYSTYP,F1SYSNAM,F1SYSCOD,LATITUDE',
          '100654,Alabama A & M University,Normal,AL,1,1089,Madison County,1,1,2,-2,-2,34.78',
          '151342,Indiana University-South Bend,South Bend,IN,18,18141,St. Joseph County,1,1,1,Indiana University,118020,41.66',
          '999001,"Campus, Branch",Elkhart,IN,18,18039,Elkhart County,3,2,2,-2,-2,41.68',
          '999002,Online Only,Nowhere,IN,18,-2,-2,3,2,-1,-1,-1,',
        ],
        '\r\n',
      );
      const hd2010 = await file('HD2010.csv', [
        'UNITID,INSTNM,CITY,STABBR,COUNTYCD,PRCH_C,IDX_C',
        '999001,Campus Branch,Elkhart,IN,18039,2,999003',
      ]);
      const flags = await file('flags2023.csv', [
        'UNITID,STAT_C,PRCH_C,IDX_C',
        '999001,1,2,999003',
        '999003,1,1,-2',
      ]);
      await stage([hd2023, hd2010, flags], []);
      expect(
        await rows(
          `SELECT year, unitid, institution_name, state_fips, county_fips, control, institution_level, in_system,
                  system_name, system_code, completions_parent_child, completions_parent_unitid
           FROM stg_ipeds_institutions ORDER BY year, unitid`,
        ),
      ).toEqual([
        {
          year: '2010',
          unitid: '999001',
          institution_name: 'Campus Branch',
          state_fips: null,
          county_fips: '18039',
          control: null,
          institution_level: null,
          in_system: null,
          system_name: null,
          system_code: null,
          completions_parent_child: 'child',
          completions_parent_unitid: '999003',
        },
        {
          year: '2023',
          unitid: '100654',
          institution_name: 'Alabama A & M University',
          state_fips: '01',
          county_fips: '01089',
          control: 'public',
          institution_level: 'four-year or above',
          in_system: false,
          system_name: null,
          system_code: null,
          completions_parent_child: null,
          completions_parent_unitid: null,
        },
        {
          year: '2023',
          unitid: '151342',
          institution_name: 'Indiana University-South Bend',
          state_fips: '18',
          county_fips: '18141',
          control: 'public',
          institution_level: 'four-year or above',
          in_system: true,
          system_name: 'Indiana University',
          system_code: '118020',
          completions_parent_child: null,
          completions_parent_unitid: null,
        },
        {
          year: '2023',
          unitid: '999001',
          institution_name: 'Campus, Branch',
          state_fips: '18',
          county_fips: '18039',
          control: 'private for-profit',
          institution_level: 'two-year',
          in_system: false,
          system_name: null,
          system_code: null,
          completions_parent_child: 'child',
          completions_parent_unitid: '999003',
        },
        {
          year: '2023',
          unitid: '999002',
          institution_name: 'Online Only',
          state_fips: '18',
          county_fips: null,
          control: 'private for-profit',
          institution_level: 'two-year',
          in_system: null,
          system_name: null,
          system_code: null,
          completions_parent_child: null,
          completions_parent_unitid: null,
        },
      ]);
    });
  });

  describe('code lists', () => {
    it("reads the crosswalk's CIP-SOC links with NCES's Excel guard and no-match rows, leaving the other sheets out", async () => {
      const cipSoc = await file('CIP2020_SOC2018_Crosswalk__CIP-SOC.csv', [
        'CIP2020Code,CIP2020Title,SOC2018Code,SOC2018Title',
        '="01.0101","Agricultural Business and Management, General.",="11-9013","Farmers, Ranchers, and Other Agricultural Managers"',
        '48.0501,Machine Tool Technology/Machinist.,51-4041,Machinists',
        '1.0508,Taxidermy/Taxidermist.,99-9999,NO MATCH',
        '99.9999,NO MATCH,13-1074,Farm Labor Contractors',
        '52.0203,Logistics.,53-1042,"First-Line Supervisors of Helpers, Laborers, and Material Movers, Hand"',
        '52.0203,Logistics.,53-1043,First-Line Supervisors of Material-Moving Machine and Vehicle Operators',
      ]);
      // The same header, other content: the SOC-CIP sheet saved as its own CSV.
      const socCip = await file('CIP2020_SOC2018_Crosswalk__SOC-CIP.csv', [
        'SOC2018Code,SOC2018Title,CIP2020Code,CIP2020Title',
        '51-4041,Machinists,48.0501,Machine Tool Technology/Machinist.',
      ]);
      const guide = await file('CIP2020_SOC2018_Crosswalk__File_Guide.csv', [
        'File Name,Description',
        'CIP-SOC,x',
      ]);
      const result = await load(CODES_SOURCE, [cipSoc, socCip, guide]);
      expect(result.files.map((f) => [f.display, f.status])).toEqual([
        ['CIP2020_SOC2018_Crosswalk__CIP-SOC.csv', 'loaded'],
        ['CIP2020_SOC2018_Crosswalk__File_Guide.csv', 'ignored'],
        ['CIP2020_SOC2018_Crosswalk__SOC-CIP.csv', 'ignored'],
      ]);
      await stage([], [cipSoc, socCip, guide]);
      expect(
        await rows(
          `SELECT cip_code, soc_code, oews_soc_code, is_link, program_without_occupation, occupation_without_program
           FROM stg_cip_soc ORDER BY cip_code, soc_code`,
        ),
      ).toEqual([
        {
          cip_code: '01.0101',
          soc_code: '11-9013',
          oews_soc_code: '11-9013',
          is_link: true,
          program_without_occupation: false,
          occupation_without_program: false,
        },
        {
          cip_code: '01.0508',
          soc_code: '99-9999',
          oews_soc_code: '99-9999',
          is_link: false,
          program_without_occupation: true,
          occupation_without_program: false,
        },
        {
          cip_code: '48.0501',
          soc_code: '51-4041',
          oews_soc_code: '51-4041',
          is_link: true,
          program_without_occupation: false,
          occupation_without_program: false,
        },
        {
          cip_code: '52.0203',
          soc_code: '53-1042',
          oews_soc_code: '53-1047',
          is_link: true,
          program_without_occupation: false,
          occupation_without_program: false,
        },
        {
          cip_code: '52.0203',
          soc_code: '53-1043',
          oews_soc_code: '53-1047',
          is_link: true,
          program_without_occupation: false,
          occupation_without_program: false,
        },
        {
          cip_code: '99.9999',
          soc_code: '13-1074',
          oews_soc_code: '13-1074',
          is_link: false,
          program_without_occupation: false,
          occupation_without_program: true,
        },
      ]);
    });

    it('reads only the CIP-SOC sheet of the crosswalk workbook, numbers Excel made of codes included', async () => {
      const book = new ExcelJS.Workbook();
      book.addWorksheet('File Guide').addRow(['File Name', 'Description']);
      const links = book.addWorksheet('CIP-SOC');
      links.addRow(['CIP2020Code', 'CIP2020Title', 'SOC2018Code', 'SOC2018Title']);
      links.addRow(['48.0501', 'Machine Tool Technology/Machinist.', '51-4041', 'Machinists']);
      links.addRow([1.1, 'Food Science and Technology.', '19-1012', 'Food Scientists and Technologists']);
      const reverse = book.addWorksheet('SOC-CIP');
      reverse.addRow(['SOC2018Code', 'SOC2018Title', 'CIP2020Code', 'CIP2020Title']);
      reverse.addRow(['51-4041', 'Machinists', '48.0501', 'Machine Tool Technology/Machinist.']);
      reverse.addRow(['51-4041', 'Machinists', '48.0503', 'Machine Shop Technology/Assistant.']);
      const path = join(dir, 'CIP2020_SOC2018_Crosswalk.xlsx');
      await book.xlsx.writeFile(path);
      await stage([], [path]);
      expect(await rows('SELECT cip_code, soc_code FROM stg_cip_soc ORDER BY cip_code')).toEqual([
        { cip_code: '01.1000', soc_code: '19-1012' },
        { cip_code: '48.0501', soc_code: '51-4041' },
      ]);
    });

    it('reads CIP 2020 codes of every level, without the guard, with what replaces retired codes', async () => {
      const cips = await file('CIPCode2020.csv', [
        'CIPFamily,CIPCode,Action,TextChange,CIPTitle,CIPDefinition,CrossReferences,Examples',
        '="01",="01",No substantive changes,yes,"AGRICULTURAL/ANIMAL/PLANT/VETERINARY SCIENCE AND RELATED FIELDS.","Instructional programs ...",,',
        '="01",="01.01",No substantive changes,no,Agricultural Business and Management.,"Instructional content for this group of programs is defined in codes 01.0101 - 01.0199.",,',
        '="01",="01.0101",No substantive changes,no,"Agricultural Business and Management, General.","A program that ...",,"-- Agricultural Business"',
        '="01",="01.0309",Moved from,no,Viticulture and Enology.,Moved from 01.0309 to 01.1004,,',
        '="45",="45.14",Deleted,no,"Criminology, Other.","Deleted, Report under 45.1103.",,',
      ]);
      await stage([], [cips]);
      expect(
        await rows(
          'SELECT cip_code, cip_family, cip_level, cip_title, is_retired, replaced_by_cip_code FROM stg_cip_codes ORDER BY cip_code',
        ),
      ).toEqual([
        {
          cip_code: '01',
          cip_family: '01',
          cip_level: 'family',
          cip_title: 'AGRICULTURAL/ANIMAL/PLANT/VETERINARY SCIENCE AND RELATED FIELDS.',
          is_retired: false,
          replaced_by_cip_code: null,
        },
        {
          cip_code: '01.01',
          cip_family: '01',
          cip_level: 'series',
          cip_title: 'Agricultural Business and Management.',
          is_retired: false,
          replaced_by_cip_code: null,
        },
        {
          cip_code: '01.0101',
          cip_family: '01',
          cip_level: 'program',
          cip_title: 'Agricultural Business and Management, General.',
          is_retired: false,
          replaced_by_cip_code: null,
        },
        {
          cip_code: '01.0309',
          cip_family: '01',
          cip_level: 'program',
          cip_title: 'Viticulture and Enology.',
          is_retired: true,
          replaced_by_cip_code: '01.1004',
        },
        {
          cip_code: '45.14',
          cip_family: '45',
          cip_level: 'series',
          cip_title: 'Criminology, Other.',
          is_retired: true,
          replaced_by_cip_code: '45.1103',
        },
      ]);
    });

    it('reads SOC 2018 definitions below their title block, rows without a definition included', async () => {
      const soc = await file('soc_2018_definitions.csv', [
        'U.S. Bureau of Labor Statistics',
        'On behalf of the Office of Management and Budget (OMB) and the Standard Occupational Classification Policy Committee (SOCPC)',
        '',
        'Standard Occupational Classification 2018',
        '',
        'Last updated: April 2018',
        '',
        'SOC Group,SOC Code,SOC Title,SOC Definition',
        'Major,15-0000,Computer and Mathematical Occupations',
        'Minor,15-1200,Computer Occupations',
        'Broad,15-1210,Computer and Information Analysts',
        'Detailed,15-1211,Computer Systems Analysts,"Analyze science, engineering, business, and other data processing problems."',
        'Major,51-0000,Production Occupations',
        'Minor,51-2000,Assemblers and Fabricators',
        'Broad,51-2020,"Electrical, Electronic, and Electromechanical Assemblers"',
        'Detailed,51-2022,"Electrical and Electronic Equipment Assemblers","Assemble or modify electrical and electronic equipment. Excludes ""Coil Winders, Tapers, and Finishers"" (51-2021)."',
        'Detailed,51-2023,Electromechanical Equipment Assemblers,Assemble or modify electromechanical equipment.',
      ]);
      await stage([], [soc]);
      expect(
        await rows(
          'SELECT soc_code, soc_title, soc_level, soc_definition, minor_code, broad_code FROM stg_soc_codes ORDER BY soc_code',
        ),
      ).toEqual([
        {
          soc_code: '15-0000',
          soc_title: 'Computer and Mathematical Occupations',
          soc_level: 'major',
          soc_definition: null,
          minor_code: null,
          broad_code: null,
        },
        {
          soc_code: '15-1200',
          soc_title: 'Computer Occupations',
          soc_level: 'minor',
          soc_definition: null,
          minor_code: '15-1200',
          broad_code: null,
        },
        {
          soc_code: '15-1210',
          soc_title: 'Computer and Information Analysts',
          soc_level: 'broad',
          soc_definition: null,
          minor_code: '15-1200',
          broad_code: '15-1210',
        },
        {
          soc_code: '15-1211',
          soc_title: 'Computer Systems Analysts',
          soc_level: 'detailed',
          soc_definition: 'Analyze science, engineering, business, and other data processing problems.',
          minor_code: '15-1200',
          broad_code: '15-1210',
        },
        {
          soc_code: '51-0000',
          soc_title: 'Production Occupations',
          soc_level: 'major',
          soc_definition: null,
          minor_code: null,
          broad_code: null,
        },
        {
          soc_code: '51-2000',
          soc_title: 'Assemblers and Fabricators',
          soc_level: 'minor',
          soc_definition: null,
          minor_code: '51-2000',
          broad_code: null,
        },
        {
          soc_code: '51-2020',
          soc_title: 'Electrical, Electronic, and Electromechanical Assemblers',
          soc_level: 'broad',
          soc_definition: null,
          minor_code: '51-2000',
          broad_code: '51-2020',
        },
        {
          soc_code: '51-2022',
          soc_title: 'Electrical and Electronic Equipment Assemblers',
          soc_level: 'detailed',
          soc_definition:
            'Assemble or modify electrical and electronic equipment. Excludes "Coil Winders, Tapers, and Finishers" (51-2021).',
          minor_code: '51-2000',
          broad_code: '51-2020',
        },
        {
          soc_code: '51-2023',
          soc_title: 'Electromechanical Equipment Assemblers',
          soc_level: 'detailed',
          soc_definition: 'Assemble or modify electromechanical equipment.',
          minor_code: '51-2000',
          broad_code: '51-2020',
        },
      ]);
    });

    it('reads NAICS titles without the trilateral T marker, sector ranges as text', async () => {
      const naics = await file('2022_NAICS_Structure.csv', [
        '2022 NAICS Code,2022 NAICS Title',
        '31-33,ManufacturingT',
        '336,Transportation Equipment ManufacturingT ',
        '3361,Motor Vehicle ManufacturingT',
        '33611,Automobile and Light Duty Motor Vehicle ManufacturingT',
        '336110,Automobile and Light Duty Motor Vehicle Manufacturing ',
        '11112,Oilseed (except Soybean) FarmingT ',
        '541512,Computer Systems Design Services',
      ]);
      await stage([], [naics]);
      expect(
        await rows(
          'SELECT naics_code, naics_title, is_trilateral, naics_level, parent_code, naics_version FROM stg_naics_codes ORDER BY naics_code',
        ),
      ).toEqual([
        {
          naics_code: '11112',
          naics_title: 'Oilseed (except Soybean) Farming',
          is_trilateral: true,
          naics_level: 'NAICS industry',
          parent_code: '1111',
          naics_version: '2022',
        },
        {
          naics_code: '31-33',
          naics_title: 'Manufacturing',
          is_trilateral: true,
          naics_level: 'sector',
          parent_code: null,
          naics_version: '2022',
        },
        {
          naics_code: '336',
          naics_title: 'Transportation Equipment Manufacturing',
          is_trilateral: true,
          naics_level: 'subsector',
          parent_code: '31-33',
          naics_version: '2022',
        },
        {
          naics_code: '3361',
          naics_title: 'Motor Vehicle Manufacturing',
          is_trilateral: true,
          naics_level: 'industry group',
          parent_code: '336',
          naics_version: '2022',
        },
        {
          naics_code: '33611',
          naics_title: 'Automobile and Light Duty Motor Vehicle Manufacturing',
          is_trilateral: true,
          naics_level: 'NAICS industry',
          parent_code: '3361',
          naics_version: '2022',
        },
        {
          naics_code: '336110',
          naics_title: 'Automobile and Light Duty Motor Vehicle Manufacturing',
          is_trilateral: false,
          naics_level: 'national industry',
          parent_code: '33611',
          naics_version: '2022',
        },
        {
          naics_code: '541512',
          naics_title: 'Computer Systems Design Services',
          is_trilateral: false,
          naics_level: 'national industry',
          parent_code: '54151',
          naics_version: '2022',
        },
      ]);
    });

    it('reads the headerless county FIPS list with CRLF line ends and QCEW area titles with an index column', async () => {
      const counties = await file(
        'national_county.txt',
        ['AL,01,001,Autauga County,H1', 'IN,18,039,Elkhart County,H1', 'PR,72,001,Adjuntas Municipio,H1'],
        '\r\n',
      );
      const areas = await file('qcew_area_titles.csv', [
        ',area_fips,area_title',
        '0,US000,U.S. TOTAL',
        '1,USMSA,U.S. Metropolitan Statistical Areas (combined)',
        '2,18000,Indiana -- Statewide',
        '3,18039,"Elkhart County, Indiana"',
        '4,18999,"Unknown Or Undefined, Indiana"',
        '5,C2114,"Elkhart-Goshen, IN MSA"',
        '6,C1002,"Abbeville, LA MicroSA"',
        '7,CS515,"South Bend-Elkhart-Mishawaka, IN-MI CSA"',
      ]);
      await stage([], [counties, areas]);
      expect(
        await rows(
          'SELECT county_fips, state_abbr, county_name, class_fp, in_states_dc FROM stg_counties ORDER BY 1',
        ),
      ).toEqual([
        {
          county_fips: '01001',
          state_abbr: 'AL',
          county_name: 'Autauga County',
          class_fp: 'H1',
          in_states_dc: true,
        },
        {
          county_fips: '18039',
          state_abbr: 'IN',
          county_name: 'Elkhart County',
          class_fp: 'H1',
          in_states_dc: true,
        },
        {
          county_fips: '72001',
          state_abbr: 'PR',
          county_name: 'Adjuntas Municipio',
          class_fp: 'H1',
          in_states_dc: false,
        },
      ]);
      expect(await rows('SELECT area_fips, area_type, state_fips FROM stg_qcew_areas ORDER BY 1')).toEqual([
        { area_fips: '18000', area_type: 'state', state_fips: '18' },
        { area_fips: '18039', area_type: 'county', state_fips: '18' },
        { area_fips: '18999', area_type: 'county unknown', state_fips: '18' },
        { area_fips: 'C1002', area_type: 'micropolitan', state_fips: null },
        { area_fips: 'C2114', area_type: 'metropolitan', state_fips: null },
        { area_fips: 'CS515', area_type: 'csa', state_fips: null },
        { area_fips: 'US000', area_type: 'national', state_fips: null },
        { area_fips: 'USMSA', area_type: 'national combination', state_fips: null },
      ]);
    });
  });
});
