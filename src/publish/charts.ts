import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

const FONT = 'DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif';

export interface LqBar {
  readonly code: string;
  readonly label: string;
  readonly lq: number;
  readonly employment: number | null;
}

/**
 * Horizontal bars of location quotients with a rule at 1 (the reference area's concentration), rendered
 * to an SVG string in Node (no browser).
 *
 * @example await lqBarChart([{ code: '336', label: 'Transportation equipment', lq: 4.2, employment: 9100 }], 'U.S.')
 */
export async function lqBarChart(bars: readonly LqBar[], referenceName: string): Promise<string> {
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: { step: 22 },
    background: 'white',
    config: {
      font: FONT,
      axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260 },
      view: { stroke: null },
    },
    data: {
      values: bars.map((b) => ({ ...b, above: b.lq >= 1 ? 'more concentrated' : 'less concentrated' })),
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          y: {
            field: 'label',
            type: 'nominal',
            sort: { field: 'lq', op: 'max', order: 'descending' },
            title: null,
          },
          x: {
            field: 'lq',
            type: 'quantitative',
            title: `Location quotient (1 = ${referenceName} concentration)`,
          },
          color: {
            field: 'above',
            type: 'nominal',
            scale: { domain: ['more concentrated', 'less concentrated'], range: ['#1f5f8b', '#9bb7cc'] },
            legend: null,
          },
          tooltip: [
            { field: 'label', title: 'Industry' },
            { field: 'lq', title: 'LQ', format: '.2f' },
            { field: 'employment', title: 'Employment', format: ',.0f' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333' },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: { field: 'lq', op: 'max', order: 'descending' } },
          x: { field: 'lq', type: 'quantitative' },
          text: { field: 'lq', type: 'quantitative', format: '.2f' },
        },
      },
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', color: '#b03a2e', strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
    ],
  };
  return renderSvg(spec);
}

export interface SkillGapPoint {
  readonly label: string;
  readonly importance: number;
  readonly proficiency: number;
}

/**
 * Each skill's importance and applicants' proficiency (1-5) as two dots joined by a line: the longer the
 * line, the wider the gap. Drawn in the order given, so the chart reads in the same order as the table beside it.
 *
 * @example await skillGapChart([{ label: 'Blueprint reading', importance: 4.4, proficiency: 2.6 }])
 */
export async function skillGapChart(points: readonly SkillGapPoint[]): Promise<string> {
  const order = points.map((p) => p.label);
  const long = points.flatMap((p) => [
    { label: p.label, rating: 'Importance to employers', value: p.importance },
    { label: p.label, rating: "Applicants' proficiency", value: p.proficiency },
  ]);
  const y = { field: 'label', type: 'nominal' as const, sort: order, title: null };
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 480,
    height: { step: 24 },
    background: 'white',
    config: {
      font: FONT,
      axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 240 },
      view: { stroke: null },
    },
    layer: [
      {
        data: { values: points.map((p) => ({ ...p })) },
        mark: { type: 'rule', color: '#9bb7cc', strokeWidth: 3 },
        encoding: {
          y,
          x: {
            field: 'proficiency',
            type: 'quantitative',
            scale: { domain: [1, 5] },
            title: 'Mean rating (1-5), weighted',
          },
          x2: { field: 'importance' },
        },
      },
      {
        data: { values: long },
        mark: { type: 'circle', size: 90, opacity: 1 },
        encoding: {
          y,
          x: { field: 'value', type: 'quantitative' },
          color: {
            field: 'rating',
            type: 'nominal',
            scale: {
              domain: ['Importance to employers', "Applicants' proficiency"],
              range: ['#1f5f8b', '#d08c2d'],
            },
            legend: { orient: 'bottom', title: null, labelLimit: 300 },
          },
          tooltip: [
            { field: 'label', title: 'Skill' },
            { field: 'rating', title: 'Rating' },
            { field: 'value', title: 'Mean', format: '.2f' },
          ],
        },
      },
    ],
  };
  return renderSvg(spec, 'Importance and proficiency by skill');
}

async function renderSvg(
  spec: vegaLite.TopLevelSpec,
  label = 'Location quotient by industry',
): Promise<string> {
  const compiled = vegaLite.compile(spec, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // Accessible name for screen readers; the chart's data is also in the table beside it.
    return svg.replace('<svg ', `<svg role="img" aria-label="${label}" `);
  } finally {
    view.finalize();
  }
}
