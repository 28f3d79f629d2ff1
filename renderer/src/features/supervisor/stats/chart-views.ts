import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { DECISION_ACTIONS, type Statistics } from '../../../../../common/api/schemas.ts';
import type { Locale } from '../../../../../common/i18n/locales.ts';
import { countryName } from '../../../components/country/country-names.ts';
import { barChartOption, horizontalHeight, SERIES_COLOURS } from './bar-chart.ts';
import { formatDuration, formatInUnit, inUnit, unitFor } from './durations.ts';
import type { ChartOption } from './echarts-setup.ts';
import { dateFormat } from '../../../i18n/date-formats.ts';

/** A chart's figures as a table: the accessible alternative, and what the e2e reads. */
export interface ChartTable {
  /** What the row headers are (the first column's header). */
  rowHeader: string;
  columns: string[];
  rows: { key: string; header: string; cells: string[] }[];
}

export interface ChartView {
  id: 'by-action' | 'series' | 'countries' | 'handling' | 'redirects';
  title: string;
  /** Said in place of the picture (aria-label): what it shows and its main figures. */
  summary: string;
  option: ChartOption;
  height: number;
  table: ChartTable;
  note?: string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string;
}

/** The statistics' charts, each with its summary and table, in the interface language. */
export function useChartViews(stats: Ref<Statistics | null>) {
  const { t, n, locale } = useI18n();
  const lang = (): Locale => (locale.value === 'en' ? 'en' : 'it');
  const count = (value: number) => n(value);
  const percent = (value: number | null) =>
    value === null ? t('statsView.figures.none') : n(value, { style: 'percent', maximumFractionDigits: 1 });
  const day = (iso: string) =>
    dateFormat(lang(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  const month = (iso: string) =>
    dateFormat(lang(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  const listOf = (pairs: [string, string][]) => pairs.map(([name, value]) => `${name} ${value}`).join(', ');
  const actionName = (action: (typeof DECISION_ACTIONS)[number]) => t(`statsView.actions.${action}`);

  function byAction(s: Statistics): ChartView {
    const values = DECISION_ACTIONS.map((action) => s.totals.byAction[action]);
    const names = DECISION_ACTIONS.map(actionName);
    const total = s.totals.decisions;
    return {
      id: 'by-action',
      title: t('statsView.charts.byAction.title'),
      summary: t('statsView.charts.byAction.summary', {
        list: listOf(names.map((name, i) => [name, count(values[i]!)])),
      }),
      option: barChartOption({
        categories: names,
        series: [{ name: t('statsView.figures.decisions'), colour: SERIES_COLOURS.single, values }],
        horizontal: true,
        format: count,
      }),
      height: horizontalHeight(names.length),
      table: {
        rowHeader: t('statsView.charts.byAction.type'),
        columns: [t('statsView.table.count'), t('statsView.table.share')],
        rows: [
          ...DECISION_ACTIONS.map((action, i) => ({
            key: action,
            header: names[i]!,
            cells: [count(values[i]!), percent(total === 0 ? null : values[i]! / total)],
          })),
          { key: 'total', header: t('statsView.table.total'), cells: [count(total), percent(total === 0 ? null : 1)] },
        ],
      },
    };
  }

  function series(s: Statistics): ChartView {
    const label = s.bucket === 'month' ? month : day;
    const categories = s.series.map((b) => label(b.bucket));
    const totals = s.series.map((b) => DECISION_ACTIONS.reduce((sum, action) => sum + b.byAction[action], 0));
    const peak = totals.reduce((best, value, i) => (value > totals[best]! ? i : best), 0);
    return {
      id: 'series',
      title: t('statsView.charts.series.title'),
      summary: t('statsView.charts.series.summary', {
        bucket: t(`statsView.charts.series.bucketWord.${s.bucket}`),
        from: categories[0] ?? '',
        to: categories.at(-1) ?? '',
        total: count(s.totals.decisions),
        count: count(categories.length),
        max: count(totals[peak] ?? 0),
        peak: categories[peak] ?? '',
      }),
      option: barChartOption({
        categories,
        series: DECISION_ACTIONS.map((action) => ({
          name: actionName(action),
          colour: SERIES_COLOURS[action],
          values: s.series.map((b) => b.byAction[action]),
        })),
        stacked: true,
        format: count,
      }),
      height: 320,
      table: {
        rowHeader: t(`statsView.charts.series.bucketColumn.${s.bucket}`),
        columns: [...DECISION_ACTIONS.map(actionName), t('statsView.table.total')],
        rows: s.series.map((b, i) => ({
          key: b.bucket,
          header: categories[i]!,
          cells: [...DECISION_ACTIONS.map((action) => count(b.byAction[action])), count(totals[i]!)],
        })),
      },
    };
  }

  function countries(s: Statistics): ChartView {
    const rows = [...s.countries].sort((a, b) => b.decisions - a.decisions || a.country.localeCompare(b.country));
    const names = rows.map((c) => countryName(c.country, lang()));
    const rated = rows.map((c) => (c.approvalRate === null ? null : Math.round(c.approvalRate * 1000) / 10));
    const words = 'statsView.charts.countries';
    return {
      id: 'countries',
      title: t(`${words}.title`),
      summary: t(`${words}.summary`, {
        count: count(rows.length),
        list: listOf(rows.map((c, i) => [names[i]!, percent(c.approvalRate)])),
      }),
      option: barChartOption({
        categories: names,
        series: [{ name: t(`${words}.rate`), colour: SERIES_COLOURS.APPROVE, values: rated }],
        horizontal: true,
        max: 100,
        format: (value) => `${n(value, { maximumFractionDigits: 1 })} %`,
      }),
      height: horizontalHeight(rows.length),
      table: {
        rowHeader: t(`${words}.country`),
        columns: [
          t(`${words}.decisions`),
          t(`${words}.approvals`),
          t(`${words}.rejections`),
          t(`${words}.redirects`),
          t(`${words}.rate`),
        ],
        rows: rows.map((c, i) => ({
          key: c.country,
          header: `${names[i]} (${c.country})`,
          cells: [
            count(c.decisions),
            count(c.approvals),
            count(c.rejections),
            count(c.redirects),
            percent(c.approvalRate),
          ],
        })),
      },
      empty: rows.length === 0 ? t('statsView.empty') : undefined,
    };
  }

  function handling(s: Statistics): ChartView {
    const rows = s.operators;
    const longest = Math.max(0, ...rows.map((o) => o.handling.p90Seconds ?? o.handling.medianSeconds ?? 0));
    const unit = unitFor(longest);
    const words = 'statsView.charts.handling';
    const time = (seconds: number | null) => formatDuration(seconds, unit, lang()) ?? t('statsView.figures.none');
    const names = rows.map((o) => o.operatorName);
    return {
      id: 'handling',
      title: t(`${words}.title`),
      summary: t(`${words}.summary`, {
        unit: t(`${words}.units.${unit}`),
        list: rows
          .map((o) => `${o.operatorName} ${time(o.handling.medianSeconds)} / ${time(o.handling.p90Seconds)}`)
          .join(', '),
      }),
      option: barChartOption({
        categories: names,
        series: [
          {
            name: t(`${words}.median`),
            colour: SERIES_COLOURS.median,
            values: rows.map((o) =>
              o.handling.medianSeconds === null ? null : inUnit(o.handling.medianSeconds, unit),
            ),
          },
          {
            name: t(`${words}.p90`),
            colour: SERIES_COLOURS.p90,
            values: rows.map((o) => (o.handling.p90Seconds === null ? null : inUnit(o.handling.p90Seconds, unit))),
          },
        ],
        horizontal: true,
        format: (value) => formatInUnit(value, unit, lang()),
      }),
      height: horizontalHeight(rows.length, 2),
      note: t(`${words}.note`),
      table: {
        rowHeader: t('statsView.operators.name'),
        columns: [t(`${words}.median`), t(`${words}.p90`)],
        rows: rows.map((o) => ({
          key: o.operatorId,
          header: o.operatorName,
          cells: [time(o.handling.medianSeconds), time(o.handling.p90Seconds)],
        })),
      },
      empty: rows.length === 0 ? t('statsView.empty') : undefined,
    };
  }

  function redirects(s: Statistics): ChartView {
    const rows = s.redirects;
    const names = rows.map((r) => t(`statsView.redirectTargets.${r.target}`));
    const words = 'statsView.charts.redirects';
    return {
      id: 'redirects',
      title: t(`${words}.title`),
      summary: t(`${words}.summary`, { list: listOf(rows.map((r, i) => [names[i]!, count(r.count)])) }),
      option: barChartOption({
        categories: names,
        series: [
          { name: t('statsView.table.count'), colour: SERIES_COLOURS.REDIRECT, values: rows.map((r) => r.count) },
        ],
        horizontal: true,
        format: count,
      }),
      height: horizontalHeight(rows.length),
      table: {
        rowHeader: t(`${words}.target`),
        columns: [t('statsView.table.count')],
        rows: rows.map((r, i) => ({ key: r.target, header: names[i]!, cells: [count(r.count)] })),
      },
      empty: rows.every((r) => r.count === 0) ? t(`${words}.none`) : undefined,
    };
  }

  return computed<ChartView[]>(() => {
    const s = stats.value;
    if (!s) return [];
    // The series spans the page; the others pair up beside each other.
    return [series(s), byAction(s), redirects(s), countries(s), handling(s)];
  });
}
