import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { DECISION_ACTIONS, type DecisionAction, type Statistics } from '../../../common/api/schemas.ts';
import { REPORT_LABELS, type ReportLabels } from './report-labels.ts';

export interface ReportInput {
  stats: Statistics;
  locale: 'it' | 'en';
  generatedAt: Date;
  /** Who asked for the report, as the footer names them. */
  generatedBy: string;
}

export interface ReportFonts {
  regular: Uint8Array;
  semiBold: Uint8Array;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.36, 0.38, 0.42);
const RULE = rgb(0.82, 0.84, 0.87);
const BAND = rgb(0, 0.4, 0.8);
/** Okabe–Ito: told apart with every common colour-vision deficiency; every bar also carries its number. */
const ACTION_COLOURS: Record<DecisionAction, RGB> = {
  SEND_FORM: rgb(0, 0.447, 0.698),
  REQUEST_INFO: rgb(0.902, 0.624, 0),
  APPROVE: rgb(0, 0.62, 0.451),
  REJECT: rgb(0.835, 0.369, 0),
  REDIRECT: rgb(0.8, 0.475, 0.655),
};
const MEDIAN_COLOUR = rgb(0, 0.447, 0.698);
const P90_COLOUR = rgb(0.6, 0.78, 0.9);

/** One period's figures as an A4 PDF: key numbers, charts drawn as vector bars each with its values, tables. */
export async function renderPeriodReport(input: ReportInput, fonts: ReportFonts): Promise<Uint8Array> {
  const labels = REPORT_LABELS[input.locale];
  const number = new Intl.NumberFormat(input.locale === 'it' ? 'it-IT' : 'en-GB');
  const percent = new Intl.NumberFormat(input.locale === 'it' ? 'it-IT' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  const { stats } = input;

  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  // Fixed subset tags: the same figures give the same fonts in every report.
  const regular = await pdf.embedFont(fonts.regular, { subset: true, customName: 'ACCRED+TitilliumWeb-Regular' });
  const bold = await pdf.embedFont(fonts.semiBold, { subset: true, customName: 'ACCRED+TitilliumWeb-SemiBold' });
  const periodText = `${stats.from.slice(0, 10)} – ${new Date(Date.parse(stats.to) - 1).toISOString().slice(0, 10)}`;
  pdf.setTitle(`${labels.title} · ${periodText}`, { showInWindowTitleBar: true });
  pdf.setLanguage(input.locale === 'it' ? 'it-IT' : 'en-GB');
  pdf.setSubject(`${labels.period}: ${periodText}`);
  pdf.setAuthor(input.generatedBy);
  pdf.setCreator('Accredita');
  pdf.setProducer('Accredita (pdf-lib)');
  pdf.setCreationDate(input.generatedAt);
  pdf.setModificationDate(input.generatedAt);

  const layout = createLayout(pdf, { regular, bold, labels, periodText });
  const duration = (seconds: number | null) => formatDuration(seconds, labels, number);
  const rate = (value: number | null) => (value === null ? '—' : percent.format(value));

  layout.text(labels.title, { font: bold, size: 17 });
  layout.text(
    `${labels.period}: ${periodText} · ${labels.operatorFilter}: ${
      stats.operatorId ? (stats.operators[0]?.operatorName ?? stats.operatorId) : labels.allOperators
    }`,
    { size: 10, colour: MUTED },
  );
  layout.gap(10);
  layout.kpis([
    [labels.kpi.decisions, number.format(stats.totals.decisions)],
    [labels.kpi.approvalRate, rate(stats.totals.approvalRate)],
    [labels.kpi.medianHandling, duration(stats.totals.handling.medianSeconds)],
    [labels.kpi.p90Handling, duration(stats.totals.handling.p90Seconds)],
    [labels.kpi.conflicts, number.format(stats.totals.conflicts)],
    [labels.kpi.countersignPending, number.format(stats.totals.countersign.PENDING)],
  ]);

  layout.heading(labels.byType);
  layout.bars(
    DECISION_ACTIONS.map((action) => ({
      label: labels.actions[action],
      bars: [{ value: stats.totals.byAction[action], colour: ACTION_COLOURS[action] }],
      text: number.format(stats.totals.byAction[action]),
    })),
  );

  layout.heading(labels.overTime);
  layout.columns(stats.series, labels, number);

  layout.heading(labels.byCountry);
  layout.text(labels.byCountryNote, { size: 8.5, colour: MUTED });
  layout.gap(4);
  layout.bars(
    stats.countries.slice(0, 15).map((country) => {
      const closed = country.approvals + country.rejections + country.redirects;
      return {
        label: countryName(country.country, input.locale),
        bars: [{ value: country.approvalRate ?? 0, colour: ACTION_COLOURS.APPROVE }],
        text: `${rate(country.approvalRate)} (${number.format(closed)})`,
      };
    }),
    1,
  );

  layout.heading(labels.handlingByOperator);
  layout.legend([
    [labels.median, MEDIAN_COLOUR],
    [labels.p90, P90_COLOUR],
  ]);
  layout.bars(
    stats.operators.slice(0, 15).map((operator) => ({
      label: operator.operatorName,
      bars: [
        { value: operator.handling.medianSeconds ?? 0, colour: MEDIAN_COLOUR },
        { value: operator.handling.p90Seconds ?? 0, colour: P90_COLOUR },
      ],
      text: `${duration(operator.handling.medianSeconds)} · ${duration(operator.handling.p90Seconds)}`,
    })),
  );

  layout.heading(labels.operators);
  layout.table(
    labels.operatorColumns,
    stats.operators.map((o) => [
      o.operatorName,
      number.format(o.decisions),
      number.format(o.byAction.APPROVE),
      number.format(o.byAction.REJECT),
      number.format(o.byAction.REDIRECT),
      rate(o.approvalRate),
      duration(o.handling.medianSeconds),
      number.format(o.conflicts),
    ]),
    [2.4, 1, 1, 1, 1, 1, 1.2, 1],
  );

  layout.heading(labels.redirects);
  layout.table(
    ['', labels.kpi.decisions],
    stats.redirects.length
      ? stats.redirects.map((r) => [labels.targets[r.target], number.format(r.count)])
      : [[labels.none, '']],
    [3, 1],
  );
  layout.heading(labels.conflicts);
  layout.table(
    ['', labels.kpi.decisions],
    stats.conflicts.length ? stats.conflicts.map((c) => [c.code, number.format(c.count)]) : [[labels.none, '']],
    [3, 1],
  );
  layout.heading(labels.countersign);
  layout.table(
    ['', labels.kpi.decisions],
    (['PENDING', 'CONFIRMED', 'RETURNED', 'VOIDED'] as const).map((status) => [
      labels.countersignStatus[status],
      number.format(stats.totals.countersign[status]),
    ]),
    [3, 1],
  );
  layout.gap(10);
  layout.text(labels.approvalRateDefinition, { size: 8.5, colour: MUTED });

  layout.finish(
    `${labels.generated} ${input.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${input.generatedBy}`,
  );
  return pdf.save();
}

function countryName(alpha2: string, locale: 'it' | 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(alpha2) ?? alpha2;
  } catch {
    return alpha2;
  }
}

export function formatDuration(seconds: number | null, labels: ReportLabels, number: Intl.NumberFormat): string {
  if (seconds === null) return '—';
  const { day, hour, minute, second } = labels.duration;
  const whole = Math.round(seconds);
  if (whole >= 86_400)
    return `${number.format(Math.floor(whole / 86_400))} ${day} ${Math.floor((whole % 86_400) / 3600)} ${hour}`;
  if (whole >= 3600) return `${Math.floor(whole / 3600)} ${hour} ${Math.floor((whole % 3600) / 60)} ${minute}`;
  if (whole >= 60) return `${Math.floor(whole / 60)} ${minute}`;
  return `${whole} ${second}`;
}

interface Bar {
  value: number;
  colour: RGB;
}

/** A top-down writer over A4 pages: each block asks for the room it needs and moves to a new page if there is none. */
function createLayout(
  pdf: PDFDocument,
  { regular, bold, labels, periodText }: { regular: PDFFont; bold: PDFFont; labels: ReportLabels; periodText: string },
) {
  let page: PDFPage;
  let y = 0;
  const bottom = MARGIN + 20;

  const newPage = () => {
    page = pdf.addPage([A4.width, A4.height]);
    page.drawRectangle({ x: 0, y: A4.height - 28, width: A4.width, height: 28, color: BAND });
    page.drawText(labels.ministry, { x: MARGIN, y: A4.height - 18, size: 9, font: bold, color: rgb(1, 1, 1) });
    const right = periodText;
    page.drawText(right, {
      x: A4.width - MARGIN - regular.widthOfTextAtSize(right, 9),
      y: A4.height - 18,
      size: 9,
      font: regular,
      color: rgb(1, 1, 1),
    });
    y = A4.height - 28 - 30;
  };
  const room = (height: number) => {
    if (y - height < bottom) newPage();
  };
  const fit = (text: string, font: PDFFont, size: number, width: number) => {
    if (font.widthOfTextAtSize(text, size) <= width) return text;
    let cut = text;
    while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  };
  const wrap = (text: string, font: PDFFont, size: number, width: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(next, size) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines;
  };
  const legend = (entries: [string, RGB][]) => {
    room(16);
    let x = MARGIN;
    y -= 10;
    for (const [label, colour] of entries) {
      page.drawRectangle({ x, y: y - 1, width: 9, height: 9, color: colour });
      page.drawText(label, { x: x + 13, y, size: 8.5, font: regular, color: INK });
      x += 13 + regular.widthOfTextAtSize(label, 8.5) + 16;
    }
    y -= 8;
  };
  newPage();

  return {
    gap(points: number) {
      y -= points;
    },
    text(text: string, { font = regular, size = 10, colour = INK }: { font?: PDFFont; size?: number; colour?: RGB }) {
      for (const line of wrap(text, font, size, CONTENT_WIDTH)) {
        room(size * 1.4);
        y -= size * 1.25;
        page.drawText(line, { x: MARGIN, y, size, font, color: colour });
        y -= size * 0.15;
      }
    },
    heading(text: string) {
      room(70);
      y -= 22;
      page.drawText(text, { x: MARGIN, y, size: 12.5, font: bold, color: INK });
      y -= 6;
      page.drawLine({
        start: { x: MARGIN, y },
        end: { x: MARGIN + CONTENT_WIDTH, y },
        thickness: 0.6,
        color: RULE,
      });
      y -= 10;
    },
    kpis(items: [string, string][]) {
      const perRow = 3;
      const width = (CONTENT_WIDTH - (perRow - 1) * 8) / perRow;
      for (let i = 0; i < items.length; i += perRow) {
        room(52);
        items.slice(i, i + perRow).forEach(([label, value], j) => {
          const x = MARGIN + j * (width + 8);
          page.drawRectangle({
            x,
            y: y - 46,
            width,
            height: 46,
            color: rgb(0.95, 0.96, 0.98),
            borderColor: RULE,
            borderWidth: 0.6,
          });
          page.drawText(fit(label, regular, 8.5, width - 16), {
            x: x + 8,
            y: y - 15,
            size: 8.5,
            font: regular,
            color: MUTED,
          });
          page.drawText(fit(value, bold, 16, width - 16), { x: x + 8, y: y - 37, size: 16, font: bold, color: INK });
        });
        y -= 54;
      }
    },
    legend,
    /** Horizontal bars, one row per item, several bars per row side by side in height; `max` fixes the scale. */
    bars(rows: { label: string; bars: Bar[]; text: string }[], max?: number) {
      const labelWidth = 150;
      const textWidth = 120;
      const barArea = CONTENT_WIDTH - labelWidth - textWidth - 8;
      const top = max ?? Math.max(1, ...rows.flatMap((row) => row.bars.map((bar) => bar.value)));
      for (const row of rows) {
        const barHeight = row.bars.length > 1 ? 6 : 10;
        const rowHeight = Math.max(16, row.bars.length * (barHeight + 1) + 5);
        room(rowHeight);
        const middle = y - rowHeight / 2;
        page.drawText(fit(row.label, regular, 9, labelWidth - 6), {
          x: MARGIN,
          y: middle - 3,
          size: 9,
          font: regular,
          color: INK,
        });
        row.bars.forEach((bar, index) => {
          const width = Math.max(bar.value > 0 ? 1 : 0, (bar.value / top) * barArea);
          const barY = middle + (row.bars.length * (barHeight + 1)) / 2 - (index + 1) * (barHeight + 1);
          page.drawRectangle({ x: MARGIN + labelWidth, y: barY, width, height: barHeight, color: bar.colour });
        });
        page.drawText(fit(row.text, regular, 9, textWidth), {
          x: MARGIN + labelWidth + barArea + 8,
          y: middle - 3,
          size: 9,
          font: regular,
          color: INK,
        });
        y -= rowHeight;
      }
    },
    /** Stacked columns per bucket (actions in their colours), a value axis, and the legend. */
    columns(series: Statistics['series'], words: ReportLabels, number: Intl.NumberFormat) {
      const height = 150;
      room(height + 44);
      const axisWidth = 34;
      const left = MARGIN + axisWidth;
      const width = CONTENT_WIDTH - axisWidth;
      const totals = series.map((bucket) => DECISION_ACTIONS.reduce((sum, a) => sum + bucket.byAction[a], 0));
      const step = Math.max(1, niceCeiling(Math.max(...totals, 1) / 4));
      const top = step * 4;
      const base = y - height;
      for (let tick = 0; tick <= 4; tick += 1) {
        const tickY = base + (height * tick) / 4;
        const label = number.format(step * tick);
        page.drawLine({
          start: { x: left, y: tickY },
          end: { x: left + width, y: tickY },
          thickness: 0.4,
          color: RULE,
        });
        page.drawText(label, {
          x: left - 4 - regular.widthOfTextAtSize(label, 7.5),
          y: tickY - 2.5,
          size: 7.5,
          font: regular,
          color: MUTED,
        });
      }
      const slot = width / Math.max(1, series.length);
      const columnWidth = Math.max(0.8, slot * 0.7);
      const labelEvery = Math.max(1, Math.ceil(series.length / 12));
      series.forEach((bucket, index) => {
        let stacked = base;
        for (const action of DECISION_ACTIONS) {
          const h = (bucket.byAction[action] / top) * height;
          if (h <= 0) continue;
          page.drawRectangle({
            x: left + index * slot + (slot - columnWidth) / 2,
            y: stacked,
            width: columnWidth,
            height: h,
            color: ACTION_COLOURS[action],
          });
          stacked += h;
        }
        if (index % labelEvery === 0) {
          const label = bucket.bucket.slice(5);
          page.drawText(label, {
            x: left + index * slot + slot / 2 - regular.widthOfTextAtSize(label, 7) / 2,
            y: base - 10,
            size: 7,
            font: regular,
            color: MUTED,
          });
        }
      });
      y = base - 16;
      legend(DECISION_ACTIONS.map((action) => [words.actions[action], ACTION_COLOURS[action]]));
    },
    table(headers: readonly string[], rows: string[][], weights: number[]) {
      const total = weights.reduce((a, b) => a + b, 0);
      const widths = weights.map((w) => (w / total) * CONTENT_WIDTH);
      const drawRow = (cells: readonly string[], font: PDFFont, shade: boolean) => {
        const before = page;
        room(16);
        // A table that runs onto a new page names its columns again.
        if (page !== before && !shade) drawRow(headers, bold, true);
        if (shade)
          page.drawRectangle({ x: MARGIN, y: y - 15, width: CONTENT_WIDTH, height: 15, color: rgb(0.93, 0.94, 0.96) });
        let x = MARGIN;
        cells.forEach((cell, index) => {
          const cellWidth = widths[index]!;
          const text = fit(cell, font, 8.5, cellWidth - 8);
          // Figures align right, names left.
          const textX = index === 0 ? x + 4 : x + cellWidth - 4 - font.widthOfTextAtSize(text, 8.5);
          page.drawText(text, { x: textX, y: y - 11, size: 8.5, font, color: INK });
          x += cellWidth;
        });
        y -= 15;
        page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + CONTENT_WIDTH, y }, thickness: 0.3, color: RULE });
      };
      drawRow(headers, bold, true);
      rows.forEach((row) => drawRow(row, regular, false));
    },
    /** Footers name the page out of the total, known only once every page exists. */
    finish(footer: string) {
      const pages = pdf.getPages();
      pages.forEach((p, index) => {
        const numbering = `${labels.page} ${index + 1} / ${pages.length}`;
        p.drawText(fit(footer, regular, 8, CONTENT_WIDTH - 80), {
          x: MARGIN,
          y: MARGIN - 16,
          size: 8,
          font: regular,
          color: MUTED,
        });
        p.drawText(numbering, {
          x: A4.width - MARGIN - regular.widthOfTextAtSize(numbering, 8),
          y: MARGIN - 16,
          size: 8,
          font: regular,
          color: MUTED,
        });
      });
    },
  };
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `value`: axis ticks at round numbers. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= value) ?? 10 * power;
}
