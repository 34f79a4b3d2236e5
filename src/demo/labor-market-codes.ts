/**
 * Demo code lists in the published layouts: the NCES CIP 2020-SOC 2018 crosswalk (sheet CIP-SOC) and CIP 2020
 * code list for the demo's programs, the Census NAICS 2022 structure for the manufacturing codes the demo QCEW
 * uses, the Census county FIPS list (no header, CRLF) for Lakeshore, and the SOC 2018 structure of every
 * occupation the demo's files name (with all groups, which the survey demo's short title list leaves out). Codes
 * and titles are the real ones; CIP definitions are the demo's own short wording.
 */

import {
  CIP_CODES,
  CIP_CODES_HEADER,
  CIP_SOC_HEADER,
  CIP_SOC_ROWS,
  NAICS_STRUCTURE_HEADER,
  NAICS_STRUCTURE_ROWS,
} from './labor-market-facts.ts';
import { csvLine } from './labor-market-model.ts';
import { LAKESHORE_POSTAL } from './labor-market-oews.ts';
import { SOC_STRUCTURE } from './labor-market-soc.ts';
import { INDUSTRY_BY_CODE } from './naics.ts';
import { DEMO_PARTNERSHIP } from './qcew.ts';

const cipTitle = (code: string) => CIP_CODES.find(([c]) => c === code)![1];

/** `CIP2020_SOC2018_Crosswalk__CIP-SOC.csv`. */
export function demoCipSocCrosswalk(): string {
  const lines = [
    CIP_SOC_HEADER,
    ...CIP_SOC_ROWS.map(([cip, soc, title]) => csvLine([cip, cipTitle(cip), soc, title])),
  ];
  return `${lines.join('\n')}\n`;
}

/** A one-line definition in the style of the CIP (the demo's wording). */
function cipDefinition(code: string, title: string): string {
  if (code.length === 2) return `Instructional programs in ${title.toLowerCase().replace(/\.$/, '')}.`;
  if (code.length === 5) {
    const programs = CIP_CODES.filter(([c]) => c.length === 7 && c.startsWith(code)).map(([c]) => c);
    return programs.length === 1
      ? `Instructional content is defined in code ${programs[0]}.`
      : `Instructional content for this group of programs is defined in codes ${programs.join(', ')}.`;
  }
  return PROGRAM_DEFINITIONS[code] ?? `A program in ${title.replace(/\.$/, '')}.`;
}

/** The demo's own one-line definitions of its programs. */
const PROGRAM_DEFINITIONS: Readonly<Record<string, string>> = {
  '14.3501':
    'A program that prepares individuals to design and improve integrated systems of people, materials, equipment and information.',
  '15.0613':
    'A program that prepares individuals to support engineers in planning, running and improving manufacturing processes.',
  '15.0702':
    'A program that prepares individuals to test and inspect products and to apply quality control methods and statistics.',
  '46.0302':
    'A program that prepares individuals to install, operate, maintain and repair electrical systems, including industrial controls.',
  '47.0303':
    'A program that prepares individuals to install, maintain and repair industrial machinery, hydraulics and pneumatics.',
  '48.0501':
    'A program that prepares individuals to set up and operate machine tools to make precision metal parts from drawings.',
  '48.0508':
    'A program that prepares individuals to join and cut metal with arc, gas and resistance welding equipment.',
  '48.0510':
    'A program that prepares individuals to set up, program and operate computer numerically controlled machine tools.',
  '52.0205':
    'A program that prepares individuals to plan and supervise production operations, people and quality.',
};

/** `CIPCode2020.csv`: family, series and program rows. */
export function demoCipCodes(): string {
  const lines = [CIP_CODES_HEADER];
  for (const [code, title, textChange] of CIP_CODES) {
    lines.push(
      csvLine([
        code.slice(0, 2),
        code,
        'No substantive changes',
        textChange,
        title,
        cipDefinition(code, title),
        '',
        '',
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `2022_NAICS_Structure.csv`: manufacturing and the subsectors and industry groups the demo QCEW uses. */
export function demoNaicsStructure(): string {
  const rows = NAICS_STRUCTURE_ROWS.filter(([code]) => INDUSTRY_BY_CODE.has(code));
  const lines = [NAICS_STRUCTURE_HEADER, ...rows.map((row) => csvLine(row))];
  return `${lines.join('\n')}\n`;
}

/** `national_county.txt`: STATE, STATEFP, COUNTYFP, COUNTYNAME, CLASSFP without a header, CRLF line endings. */
export function demoCountyFips(): string {
  const lines = DEMO_PARTNERSHIP.counties.map((c) =>
    [LAKESHORE_POSTAL, c.fips.slice(0, 2), c.fips.slice(2), c.name, 'H1'].join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}

/** The title block of BLS's SOC 2018 definitions file. */
export const SOC_TITLE_LINES: readonly string[] = [
  'U.S. Bureau of Labor Statistics',
  'On behalf of the Office of Management and Budget (OMB) and the Standard Occupational Classification Policy Committee (SOCPC)',
];

/**
 * `soc_2018_definitions.csv`: the SOC 2018 structure of every occupation the demo's files name, in the BLS
 * layout (title block, then groups and detailed occupations; only detailed ones carry a definition, here its
 * first sentence).
 */
export function demoSocStructure(): string {
  const lines = [
    ...SOC_TITLE_LINES,
    'SOC Group,SOC Code,SOC Title,SOC Definition',
    ...SOC_STRUCTURE.map((row) => csvLine(row.filter((field) => field !== undefined))),
  ];
  return `${lines.join('\n')}\n`;
}

export const CODE_FILES = {
  cipSoc: 'CIP2020_SOC2018_Crosswalk__CIP-SOC.csv',
  cipCodes: 'CIPCode2020.csv',
  naics: '2022_NAICS_Structure.csv',
  counties: 'national_county.txt',
  soc: 'soc_2018_definitions.csv',
} as const;
