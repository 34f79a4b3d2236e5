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

async function renderSvg(spec: vegaLite.TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // Accessible name for screen readers; the chart's data is also in the table beside it.
    return svg.replace('<svg ', '<svg role="img" aria-label="Location quotient by industry" ');
  } finally {
    view.finalize();
  }
}
