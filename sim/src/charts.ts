import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

import type { Scenario } from './scenario.js';
import type { PeriodFigures } from './summary.js';

/** One policy's year, as the charts read it. */
export type ChartPolicy = { name: string; periods: PeriodFigures[] };

const colors = { green: 'rgba(46, 160, 67, 0.16)', amber: 'rgba(230, 160, 20, 0.2)', red: 'rgba(215, 58, 73, 0.16)' };
const line = '#1f4e79';

type Indicator = { key: keyof PeriodFigures['indicators']; title: string; higherIsBetter: boolean; band: keyof Scenario['health'] };
const indicators: Indicator[] = [
  { key: 'creditUseEfficiency', title: 'credit use efficiency', higherIsBetter: true, band: 'creditUseEfficiency' },
  { key: 'spareCapacity', title: 'spare capacity', higherIsBetter: true, band: 'spareCapacity' },
  { key: 'balanceAccumulation', title: 'balance accumulation', higherIsBetter: false, band: 'balanceAccumulation' },
  { key: 'topDecileShare', title: 'top decile share', higherIsBetter: false, band: 'topDecileShare' },
  { key: 'retention', title: 'retention', higherIsBetter: true, band: 'retention' },
];

/** Renders an echarts option server-side to an SVG string (no DOM, no animation). */
export function renderSvg(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: 'DejaVu Sans, sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** The SVG as a PNG (resvg), on white. */
export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}

const periodsAxis = (n: number) => Array.from({ length: n }, (_, p) => String(p));

/** A grid per policy (columns) and indicator (rows): each indicator's line over its green, amber and red bands. */
export function indicatorsChart(s: Scenario, policies: readonly ChartPolicy[]): { svg: string; width: number; height: number } {
  const colWidth = 330;
  const rowHeight = 150;
  const width = 60 + colWidth * policies.length;
  const height = 70 + rowHeight * indicators.length;
  const grid: echarts.EChartsOption['grid'] = [];
  const xAxis: echarts.XAXisComponentOption[] = [];
  const yAxis: echarts.YAXisComponentOption[] = [];
  const series: echarts.SeriesOption[] = [];
  const title: echarts.TitleComponentOption[] = [{ text: `${s.name}: the health indicators, by policy`, left: 10, top: 5, textStyle: { fontSize: 15 } }];
  policies.forEach((policy, c) => {
    title.push({ text: policy.name, left: 50 + c * colWidth + colWidth / 2 - 40, top: 30, textStyle: { fontSize: 13 } });
    indicators.forEach((ind, r) => {
      const i = grid.length;
      grid.push({ left: 50 + c * colWidth, top: 65 + r * rowHeight, width: colWidth - 40, height: rowHeight - 45 });
      const values = policy.periods.map((p) => p.indicators[ind.key]);
      const band = s.health[ind.band] as { green: number; amber: number };
      const top = Math.max(ind.higherIsBetter ? 1 : band.amber * 1.5, ...values.map((v) => v ?? 0)) * 1.05;
      const zones: [number, number, string][] = ind.higherIsBetter
        ? [[0, band.amber, colors.red], [band.amber, band.green, colors.amber], [band.green, top, colors.green]]
        : [[0, band.green, colors.green], [band.green, band.amber, colors.amber], [band.amber, top, colors.red]];
      xAxis.push({ gridIndex: i, type: 'category', data: periodsAxis(policy.periods.length), axisLabel: { fontSize: 9, interval: 12 } });
      yAxis.push({ gridIndex: i, type: 'value', min: 0, max: Number(top.toFixed(2)), name: ind.title, nameTextStyle: { fontSize: 10, align: 'left' }, axisLabel: { fontSize: 9 }, splitLine: { show: false } });
      series.push({
        type: 'line',
        xAxisIndex: i,
        yAxisIndex: i,
        data: values,
        showSymbol: false,
        lineStyle: { color: line, width: 1.5 },
        markArea: { silent: true, data: zones.map(([from, to, color]) => [{ yAxis: from, itemStyle: { color } }, { yAxis: to }]) as never },
      });
    });
  });
  return { svg: renderSvg({ title, grid, xAxis, yAxis, series }, width, height), width, height };
}

/** Per policy, side by side: the period cap against credits issued and redeemed. */
export function flowsChart(s: Scenario, policies: readonly ChartPolicy[]): { svg: string; width: number; height: number } {
  const colWidth = 330;
  const width = 60 + colWidth * policies.length;
  const height = 340;
  const names = ['period cap', 'issued', 'redeemed'];
  const palette = ['#555555', '#1f77b4', '#2ca02c'];
  const grid = policies.map((_, c) => ({ left: 55 + c * colWidth, top: 70, width: colWidth - 45, height: 220 }));
  const xAxis = policies.map((p, i) => ({ gridIndex: i, type: 'category' as const, data: periodsAxis(p.periods.length), axisLabel: { fontSize: 9, interval: 12 } }));
  const yAxis = policies.map((_, i) => ({ gridIndex: i, type: 'value' as const, axisLabel: { fontSize: 9 } }));
  const series: echarts.SeriesOption[] = policies.flatMap((p, i) =>
    [p.periods.map((x) => x.cap), p.periods.map((x) => x.issued), p.periods.map((x) => x.redeemed)].map((data, k) => ({
      type: 'line' as const,
      name: names[k] as string,
      xAxisIndex: i,
      yAxisIndex: i,
      data,
      showSymbol: false,
      step: k === 0 ? ('end' as const) : false,
      lineStyle: { color: palette[k] as string, width: k === 0 ? 2 : 1.5, type: k === 0 ? ('dashed' as const) : ('solid' as const) },
      itemStyle: { color: palette[k] as string },
    })),
  );
  const title = [
    { text: `${s.name}: period cap, credits issued and redeemed`, left: 10, top: 5, textStyle: { fontSize: 15 } },
    ...policies.map((p, c) => ({ text: p.name, left: 55 + c * colWidth + colWidth / 2 - 40, top: 40, textStyle: { fontSize: 13 } })),
  ];
  return { svg: renderSvg({ title, legend: { data: names, right: 10, top: 8 }, grid, xAxis, yAxis, series }, width, height), width, height };
}

/** The coverage ratio in force each period, one step line per policy. */
export function coverageChart(s: Scenario, policies: readonly ChartPolicy[]): { svg: string; width: number; height: number } {
  const width = 900;
  const height = 360;
  const palette = ['#555555', '#d62728', '#1f77b4', '#2ca02c', '#9467bd'];
  return {
    svg: renderSvg(
      {
        title: { text: `${s.name}: coverage ratio in force (%), by policy`, left: 10, top: 5, textStyle: { fontSize: 15 } },
        legend: { data: policies.map((p) => p.name), right: 10, top: 8 },
        grid: { left: 55, right: 20, top: 60, bottom: 40 },
        xAxis: { type: 'category', data: periodsAxis(s.periods), name: 'period', nameLocation: 'middle', nameGap: 25 },
        yAxis: { type: 'value', min: s.coverage.minBps / 100 - 5, max: s.coverage.maxBps / 100 + 5 },
        series: policies.map((p, i) => ({
          type: 'line',
          name: p.name,
          step: 'start',
          showSymbol: false,
          data: p.periods.map((x) => x.coverageBps / 100),
          lineStyle: { color: palette[i % palette.length] as string, width: 2 },
          itemStyle: { color: palette[i % palette.length] as string },
        })),
      },
      width,
      height,
    ),
    width,
    height,
  };
}
