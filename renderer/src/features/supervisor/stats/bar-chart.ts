import type { ChartOption } from './echarts-setup.ts';

/**
 * Colours after the Okabe–Ito palette (readable with colour-vision deficiencies), darkened where
 * needed for 3:1 against white; series also differ by decal pattern, and every figure is in the
 * table beside the chart.
 */
export const SERIES_COLOURS = {
  SEND_FORM: '#5c6f82',
  REQUEST_INFO: '#007a5a',
  APPROVE: '#0072b2',
  REJECT: '#c25400',
  REDIRECT: '#a0508a',
  median: '#0072b2',
  p90: '#c25400',
  single: '#0066cc',
} as const;

export interface BarSeries {
  name: string;
  colour: string;
  values: (number | null)[];
}

export interface BarChartSpec {
  categories: string[];
  series: BarSeries[];
  /** Categories down the side: long names (countries, operators) stay readable. */
  horizontal?: boolean;
  stacked?: boolean;
  /** How a value is written on its bar, in the tooltip and on the axis. */
  format: (value: number) => string;
  /** Axis maximum, e.g. 100 for percentages. */
  max?: number;
}

const TEXT = '#17324d';
const GRID_LINE = '#d9dadb';
const FONT = "'Titillium Web', 'Segoe UI', Roboto, sans-serif";

/** Rows or columns of bars, each with its number written on it unless they are stacked. */
export function barChartOption(spec: BarChartSpec): ChartOption {
  const { horizontal = false, stacked = false } = spec;
  const categoryAxis = {
    type: 'category' as const,
    data: spec.categories,
    inverse: horizontal,
    axisLabel: { color: TEXT, fontSize: 12 },
    axisLine: { lineStyle: { color: '#5c6f82' } },
    axisTick: { alignWithLabel: true },
  };
  const valueAxis = {
    type: 'value' as const,
    max: spec.max,
    minInterval: 1,
    axisLabel: { color: TEXT, fontSize: 12, formatter: (value: number) => spec.format(value) },
    splitLine: { lineStyle: { color: GRID_LINE } },
  };
  return {
    animation: false,
    textStyle: { fontFamily: FONT, color: TEXT },
    aria: { enabled: true, label: { enabled: false }, decal: { show: spec.series.length > 1 } },
    grid: {
      left: 8,
      right: horizontal ? 56 : 16,
      top: spec.series.length > 1 ? 36 : 16,
      bottom: 8,
      containLabel: true,
    },
    legend:
      spec.series.length > 1
        ? { top: 0, left: 0, textStyle: { color: TEXT, fontSize: 13 }, itemWidth: 18, itemHeight: 12 }
        : undefined,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => (typeof value === 'number' ? spec.format(value) : '–'),
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: spec.series.map((series) => ({
      type: 'bar' as const,
      name: series.name,
      data: series.values,
      stack: stacked ? 'all' : undefined,
      itemStyle: { color: series.colour },
      barMaxWidth: 28,
      label: {
        show: !stacked,
        position: horizontal ? ('right' as const) : ('top' as const),
        color: TEXT,
        fontSize: 12,
        formatter: ({ value }: { value: unknown }) => (typeof value === 'number' ? spec.format(value) : ''),
      },
    })),
  };
}

/** A chart's height for `rows` categories laid out horizontally. */
export const horizontalHeight = (rows: number, seriesCount = 1): number =>
  Math.max(160, 48 + rows * (18 + 14 * seriesCount));
