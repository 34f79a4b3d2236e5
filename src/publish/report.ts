import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { SiError } from '../errors.ts';
import type { CheckResult } from '../models/checks.ts';
import type { Row, Warehouse } from '../warehouse/warehouse.ts';
import { laborMarketView } from './labor-market-report.ts';

export interface ReportSettings {
  readonly title: string;
  readonly partnershipName: string;
  readonly industryName: string;
  readonly regionName: string;
  readonly naics: readonly string[];
  readonly counties: readonly string[];
  /** "latest", "2024Q4" or "2024A". */
  readonly period: string;
  readonly vintages: readonly string[];
}

export interface ReportContext {
  readonly runId: string;
  readonly generatedAt: Date;
  readonly checks: readonly CheckResult[];
  readonly inputFiles: number;
  readonly inputRows: number;
  /** Public sources loaded, with their vintages, for the methodology (QCEW is described on its own). */
  readonly sources?: readonly {
    readonly source: string;
    readonly label: string;
    readonly description: string;
    readonly credit: string | null;
    readonly vintages: string;
  }[];
}

interface Period {
  readonly year: string;
  readonly qtr: string;
}

const PROFILE = 'mart_industry_profile';

/**
 * Render the HTML report from the marts with the Handlebars templates in `reports/`: key numbers, a chart
 * (inline SVG), tables and a methodology note naming the vintage and counting suppressed cells.
 */
export async function renderReport(
  warehouse: Warehouse,
  templatesDir: string,
  settings: ReportSettings,
  context: ReportContext,
): Promise<string> {
  const view = await reportView(warehouse, settings, context);
  const hb = await loadTemplates(templatesDir);
  const template = hb.compile(await readFile(join(templatesDir, 'report.hbs'), 'utf8'), { strict: true });
  return template(view);
}

async function reportView(warehouse: Warehouse, settings: ReportSettings, context: ReportContext) {
  const table = warehouse.dialect.tableRef(PROFILE);
  const p = warehouse.dialect.param;
  const period = await focusPeriod(warehouse, settings.period);
  const annual = period.qtr === 'A';
  const emp = annual ? 'avg_emplvl' : 'month3_emplvl';
  const lq = annual ? 'lq_avg_emplvl' : 'lq_month3_emplvl';
  const oty = annual ? 'oty_avg_emplvl_pct_chg' : 'oty_month3_emplvl_pct_chg';
  const otyChg = annual ? 'oty_avg_emplvl_chg' : 'oty_month3_emplvl_chg';
  const at = { year: period.year, qtr: period.qtr };
  const cols = `industry_code, industry_title, naics_level, parent_code, own_code, own_title, is_suppressed,
    estabs, ${emp} AS employment, avg_wkly_wage, ${lq} AS lq, ${oty} AS oty_pct, ${otyChg} AS oty_chg,
    share_of_area_emplvl, lq_note, n_counties, n_counties_suppressed, geo_id, geo_name, reference_area_title`;
  const regionRows = await warehouse.query(
    `SELECT ${cols} FROM ${table}
     WHERE geo_type = 'region' AND year = ${p('year')} AND qtr = ${p('qtr')}
     ORDER BY own_code, CASE WHEN parent_code IS NULL THEN 0 ELSE 1 END, industry_code`,
    at,
  );
  const countyRows = await warehouse.query(
    `SELECT ${cols} FROM ${table}
     WHERE geo_type = 'county' AND year = ${p('year')} AND qtr = ${p('qtr')} AND parent_code IS NULL
     ORDER BY own_code, industry_code, geo_name`,
    at,
  );
  const [cells] = await warehouse.query<{
    total: number;
    suppressed: number;
    region_suppressed: number;
    periods: number;
  }>(
    `SELECT count(*) AS total,
            sum(CASE WHEN is_suppressed THEN 1 ELSE 0 END) AS suppressed,
            sum(CASE WHEN is_suppressed AND geo_type = 'region' THEN 1 ELSE 0 END) AS region_suppressed,
            count(DISTINCT year || qtr) AS periods
     FROM ${table}`,
  );
  const [focusCells] = await warehouse.query<{ total: number; suppressed: number }>(
    `SELECT count(*) AS total, sum(CASE WHEN is_suppressed THEN 1 ELSE 0 END) AS suppressed
     FROM ${table} WHERE year = ${p('year')} AND qtr = ${p('qtr')}`,
    at,
  );
  const tops = regionRows.filter((r) => r.parent_code === null);
  if (tops.length === 0) {
    throw new SiError('E_PUBLISH', `the industry profile has no region row for ${label(period)}`);
  }
  const referenceName = String(tops[0]!.reference_area_title ?? 'reference area');
  const detail = regionRows.filter((r) => r.parent_code !== null);
  const nextLevel = Math.min(...detail.map((r) => Number(r.naics_level)), 99);
  const bars = detail
    .filter((r) => Number(r.naics_level) === nextLevel && r.lq !== null)
    .map((r) => ({
      code: String(r.industry_code),
      label: `${r.industry_code} ${shorten(String(r.industry_title))}`,
      lq: Math.round(Number(r.lq) * 100) / 100,
      employment: r.employment === null ? null : Number(r.employment),
    }));
  const chartSuppressed = detail.filter((r) => Number(r.naics_level) === nextLevel && r.lq === null);
  const failedChecks = context.checks.filter((c) => c.status !== 'pass');
  const survey = await surveyView(warehouse);
  const labor = await laborMarketView(warehouse);
  return {
    survey,
    labor,
    sources: context.sources ?? [],
    title: settings.title,
    partnershipName: settings.partnershipName,
    industryName: settings.industryName,
    regionName: settings.regionName,
    naics: settings.naics.join(', '),
    countyCount: settings.counties.length,
    period: label(period),
    annual,
    employmentMeasure: annual ? 'annual average employment' : 'employment in the third month of the quarter',
    generatedOn: context.generatedAt.toISOString().slice(0, 10),
    runId: context.runId,
    referenceName,
    headlines: tops.map(viewRow),
    // vega is loaded on demand: it is large and only reports need it.
    chartSvg: bars.length ? await (await import('./charts.ts')).lqBarChart(bars, referenceName) : null,
    chartLevel: nextLevel === 99 ? null : nextLevel,
    chartSuppressed: chartSuppressed.map(viewRow),
    // Every industry one level below the profiled codes; deeper ones only when disclosed, so the table
    // stays readable where BLS suppresses much of the detail (the extract has them all).
    industries: regionRows.filter((r) => Number(r.naics_level) <= nextLevel || !r.is_suppressed).map(viewRow),
    hiddenSuppressed: regionRows.filter((r) => Number(r.naics_level) > nextLevel && r.is_suppressed).length,
    counties: countyRows.map(viewRow),
    vintages: settings.vintages,
    cells: {
      total: cells?.total ?? 0,
      suppressed: cells?.suppressed ?? 0,
      regionSuppressed: cells?.region_suppressed ?? 0,
      periods: cells?.periods ?? 0,
      focusTotal: focusCells?.total ?? 0,
      focusSuppressed: focusCells?.suppressed ?? 0,
    },
    inputFiles: context.inputFiles,
    inputRows: context.inputRows,
    checks: {
      total: context.checks.length,
      failed: failedChecks.map((c) => ({ id: c.id, severity: c.severity, failing: c.failing })),
    },
  };
}

/** The survey sections: demand by occupation and skill gaps of the latest wave, and every wave's responses. */
async function surveyView(warehouse: Warehouse) {
  const waves = await warehouse.query('SELECT * FROM mart_survey_waves ORDER BY wave');
  const usable = waves.filter((w) => w.method !== null && Number(w.in_scope) > 0);
  const latest = usable.at(-1);
  if (!latest) return null;
  // The wave before, so the demand table shows which way each occupation moved.
  const previous = usable.at(-2);
  const p = warehouse.dialect.param;
  const wave = { wave: String(latest.wave) };
  const demand = await warehouse.query(
    // The published (disclosure-controlled) cells only: a withheld cell is empty here as in the extracts.
    `SELECT d.soc, d.soc_title, d.level, d.quality, d.quality_note,
            d.estimate AS hires_12m, d.ci_low, d.ci_high, d.rse,
            y3.estimate AS hires_1_3y, y5.estimate AS hires_3_5y, y.estimate AS hires_5y, v.estimate AS vacancies,
            y3.quality AS hires_1_3y_quality, y5.quality AS hires_3_5y_quality, y.quality AS hires_5y_quality,
            v.quality AS vacancies_quality,
            o.hard_to_fill_share, o.mean_wage_hourly, prev.estimate AS previous_hires_12m
     FROM mart_survey_demand d
     LEFT JOIN mart_survey_demand y3 ON y3.wave = d.wave AND y3.soc = d.soc AND y3.measure = 'hires_1_3y'
     LEFT JOIN mart_survey_demand y5 ON y5.wave = d.wave AND y5.soc = d.soc AND y5.measure = 'hires_3_5y'
     LEFT JOIN mart_survey_demand y ON y.wave = d.wave AND y.soc = d.soc AND y.measure = 'hires_5y'
     LEFT JOIN mart_survey_demand v ON v.wave = d.wave AND v.soc = d.soc AND v.measure = 'vacancies'
     LEFT JOIN mart_survey_occupations o ON o.wave = d.wave AND o.soc = d.soc
     LEFT JOIN mart_survey_demand prev ON prev.wave = ${p('previous')} AND prev.soc = d.soc AND prev.measure = 'hires_12m'
     WHERE d.wave = ${p('wave')} AND d.measure = 'hires_12m' AND d.level IN ('detailed', 'total')
     ORDER BY CASE WHEN d.level = 'total' THEN 2 WHEN d.suppressed THEN 1 ELSE 0 END, d.estimate DESC NULLS LAST, d.soc`,
    { ...wave, previous: previous ? String(previous.wave) : '' },
  );
  const [cells] = await warehouse.query<{ cells: number; withheld: number }>(
    `SELECT count(*) AS cells, sum(CASE WHEN suppressed THEN 1 ELSE 0 END) AS withheld FROM mart_survey_demand`,
  );
  const skills = await warehouse.query(
    `SELECT * FROM mart_survey_skill_gaps WHERE wave = ${p('wave')} ORDER BY rank NULLS LAST, skill_id`,
    wave,
  );
  const challenges = await warehouse.query(
    `SELECT label, share, ci_low, ci_high, quality FROM mart_survey_challenges
     WHERE wave = ${p('wave')} AND question = 'challenges' ORDER BY share DESC NULLS LAST, option_id`,
    wave,
  );
  const points = skills
    .filter((r) => r.mean_importance !== null && r.mean_proficiency !== null)
    .map((r) => ({
      label: String(r.skill_label),
      importance: Number(r.mean_importance),
      proficiency: Number(r.mean_proficiency),
    }));
  return {
    wave: latest.wave,
    previousWave: previous?.wave ?? null,
    waves,
    latest,
    demand: demand.map((r) => ({
      ...r,
      total: r.level === 'total',
      withheld: r.quality === 'withheld',
      caution: r.quality === 'caution',
    })),
    withheldCount: demand.filter((r) => r.quality === 'withheld').length,
    cells: Number(cells?.cells ?? 0),
    withheldCells: Number(cells?.withheld ?? 0),
    skills: skills.map((r) => ({ ...r, withheld: r.quality === 'withheld' })),
    challenges,
    skillChart: points.length ? await (await import('./charts.ts')).skillGapChart(points) : null,
  };
}

function viewRow(row: Row) {
  return {
    code: row.industry_code,
    title: row.industry_title,
    level: row.naics_level,
    indent: Math.max(0, Number(row.naics_level) - 2),
    ownTitle: row.own_title,
    geoName: row.geo_name,
    geoId: row.geo_id,
    suppressed: row.is_suppressed === true,
    estabs: row.estabs,
    employment: row.employment,
    wage: row.avg_wkly_wage,
    lq: row.lq,
    otyPct: row.oty_pct,
    otyChg: row.oty_chg,
    share: row.share_of_area_emplvl,
    lqNote: row.lq_note,
    countiesSuppressed: row.n_counties_suppressed,
  };
}

async function focusPeriod(warehouse: Warehouse, wanted: string): Promise<Period> {
  const periods = await warehouse.query<{ year: string; qtr: string }>(
    `SELECT DISTINCT year, qtr FROM ${warehouse.dialect.tableRef(PROFILE)} WHERE geo_type = 'region'
     ORDER BY year DESC, qtr DESC`,
  );
  if (periods.length === 0)
    throw new SiError('E_PUBLISH', 'the industry profile is empty: nothing to report');
  if (wanted === 'latest') return periods.find((p) => p.qtr !== 'A') ?? periods[0]!;
  const m = /^(\d{4})(?:Q([1-4])|A)$/.exec(wanted)!;
  const found = periods.find((p) => p.year === m[1] && p.qtr === (m[2] ?? 'A'));
  if (!found) {
    throw new SiError(
      'E_PUBLISH',
      `report.period ${wanted} is not in the data; periods loaded: ${periods.map(label).join(', ')}`,
    );
  }
  return found;
}

function label(p: Period): string {
  return p.qtr === 'A' ? p.year : `${p.year} Q${p.qtr}`;
}

function shorten(title: string): string {
  return title.replace(/ manufacturing$/i, '').replace(/^(.{42}).+$/, '$1…');
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
const signedInteger = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, signDisplay: 'exceptZero' });

const isMissing = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));

async function loadTemplates(dir: string): Promise<typeof Handlebars> {
  const hb = Handlebars.create();
  hb.registerHelper('int', (v: unknown) => (isMissing(v) ? '' : integer.format(Number(v))));
  hb.registerHelper('usd', (v: unknown) => (isMissing(v) ? '' : `$${integer.format(Number(v))}`));
  hb.registerHelper('lq', (v: unknown) => (isMissing(v) ? '' : twoDecimals.format(Number(v))));
  hb.registerHelper('pct', (v: unknown) => (isMissing(v) ? '' : `${oneDecimal.format(Number(v))}%`));
  hb.registerHelper('pct100', (v: unknown) => (isMissing(v) ? '' : `${oneDecimal.format(100 * Number(v))}%`));
  hb.registerHelper('share', (v: unknown) =>
    isMissing(v) ? '' : `${oneDecimal.format(100 * Number(v)).replace(/^\+/, '')}%`,
  );
  hb.registerHelper('signed', (v: unknown) => (isMissing(v) ? '' : signedInteger.format(Number(v))));
  hb.registerHelper('missing', (v: unknown) => isMissing(v));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('dec', (v: unknown, d: unknown) => (isMissing(v) ? '' : Number(v).toFixed(Number(d))));
  hb.registerHelper('raw', (v: unknown) => new hb.SafeString(String(v ?? '')));
  const css = await readFile(join(dir, 'report.css'), 'utf8');
  hb.registerPartial('styles', css);
  const partialsDir = join(dir, 'partials');
  for (const file of (await readdir(partialsDir)).filter((f) => f.endsWith('.hbs')).sort()) {
    hb.registerPartial(basename(file, '.hbs'), await readFile(join(partialsDir, file), 'utf8'));
  }
  return hb;
}
