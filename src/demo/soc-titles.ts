import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SOC_MAJOR_GROUPS as MAJOR_GROUPS } from '../util/soc-major-groups.ts';
import { CRITICAL_JOBS } from './soc-jobs.ts';

/**
 * A SOC 2018 title list for the demo, in the layout of BLS's definitions file (a title block, then
 * `SOC Group,SOC Code,SOC Title,SOC Definition`), so the demo codes job titles without files from outside
 * the project. It holds the demo's critical jobs and real occupations a title could be confused with.
 * Codes and titles are facts (SOC 2018); definitions are left out.
 */

/** Occupations near the critical jobs, so the matcher has real alternatives to choose from. */
const NEIGHBOURS: readonly (readonly [string, string])[] = [
  ['11-1021', 'General and Operations Managers'],
  ['11-3051', 'Industrial Production Managers'],
  ['13-1081', 'Logisticians'],
  ['13-1071', 'Human Resources Specialists'],
  ['15-1232', 'Computer User Support Specialists'],
  ['17-2141', 'Mechanical Engineers'],
  ['17-2071', 'Electrical Engineers'],
  ['17-3026', 'Industrial Engineering Technologists and Technicians'],
  ['17-3027', 'Mechanical Engineering Technologists and Technicians'],
  ['17-3013', 'Mechanical Drafters'],
  ['29-1141', 'Registered Nurses'],
  ['31-1131', 'Nursing Assistants'],
  ['35-2014', 'Cooks, Restaurant'],
  ['41-4012', 'Sales Representatives, Wholesale and Manufacturing, Except Technical and Scientific Products'],
  ['43-5071', 'Shipping, Receiving, and Inventory Clerks'],
  ['43-5061', 'Production, Planning, and Expediting Clerks'],
  ['43-9061', 'Office Clerks, General'],
  ['47-2031', 'Carpenters'],
  ['47-2152', 'Plumbers, Pipefitters, and Steamfitters'],
  ['49-3031', 'Bus and Truck Mechanics and Diesel Engine Specialists'],
  ['49-9043', 'Maintenance Workers, Machinery'],
  ['49-9044', 'Millwrights'],
  ['49-2094', 'Electrical and Electronics Repairers, Commercial and Industrial Equipment'],
  ['51-2011', 'Aircraft Structure, Surfaces, Rigging, and Systems Assemblers'],
  ['51-2022', 'Electrical and Electronic Equipment Assemblers'],
  ['51-2041', 'Structural Metal Fabricators and Fitters'],
  ['51-3011', 'Bakers'],
  ['51-4031', 'Cutting, Punching, and Press Machine Setters, Operators, and Tenders, Metal and Plastic'],
  [
    '51-4033',
    'Grinding, Lapping, Polishing, and Buffing Machine Tool Setters, Operators, and Tenders, Metal and Plastic',
  ],
  ['51-4111', 'Tool and Die Makers'],
  ['51-4122', 'Welding, Soldering, and Brazing Machine Setters, Operators, and Tenders'],
  ['51-7011', 'Cabinetmakers and Bench Carpenters'],
  ['51-9023', 'Mixing and Blending Machine Setters, Operators, and Tenders'],
  ['51-9162', 'Computer Numerically Controlled Tool Programmers'],
  ['51-9198', 'Helpers--Production Workers'],
  ['53-3032', 'Heavy and Tractor-Trailer Truck Drivers'],
  ['53-3033', 'Light Truck Drivers'],
  ['53-7064', 'Packers and Packagers, Hand'],
  ['53-7065', 'Stockers and Order Fillers'],
];

function titleCase(title: string): string {
  // SOC titles are written in title case; the demo's job list writes them in sentence case.
  const small = new Set(['and', 'of', 'or', 'the', 'in', 'to', 'a', 'an', 'for', 'except']);
  return title
    .split(' ')
    .map((w, i) =>
      i > 0 && small.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join(' ');
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** The demo's SOC list as CSV text, in the BLS layout. */
export function demoSocDefinitions(): string {
  const detailed = new Map<string, string>(NEIGHBOURS.map(([c, t]) => [c, t]));
  for (const job of CRITICAL_JOBS) detailed.set(job.soc, titleCase(job.title));
  const codes = [...detailed.keys()].sort();
  const lines = [
    'U.S. Bureau of Labor Statistics',
    'Standard Occupational Classification 2018: titles used by the sector-insights demo (definitions left out)',
    'SOC Group,SOC Code,SOC Title,SOC Definition',
  ];
  let major = '';
  for (const code of codes) {
    const m = code.slice(0, 2);
    if (m !== major) {
      major = m;
      lines.push(`Major,${m}-0000,${quote(MAJOR_GROUPS[m] ?? `${m} Occupations`)},`);
    }
    lines.push(`Detailed,${code},${quote(detailed.get(code)!)},`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Write the demo's SOC list where the demo pipeline reads it. */
export async function writeDemoSocDefinitions(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, demoSocDefinitions());
}
