import fs from 'node:fs';
import path from 'node:path';
import * as echarts from 'echarts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { DueDiligenceReportView } from './views.ts';

/** The languages the report is written in. */
export const REPORT_LANGUAGES = ['fr', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

type Labels = { [k: string]: string | Labels };
const CATALOGUES = path.resolve(import.meta.dirname, '../../../web/src/locales');
const labelCache = new Map<ReportLanguage, Labels>();

/** The report's words in one language, from the web app's catalogues (`due-diligence:pdf`, incident words). */
function labelsOf(lng: ReportLanguage): Labels {
  let l = labelCache.get(lng);
  if (!l) {
    const read = (ns: string) =>
      JSON.parse(fs.readFileSync(path.join(CATALOGUES, lng, `${ns}.json`), 'utf8'));
    const incidents = read('incidents');
    l = { ...read('due-diligence').pdf, category: incidents.category, state: incidents.state } as Labels;
    labelCache.set(lng, l);
  }
  return l;
}

const STATUS_COLOURS: Record<string, string> = {
  green: '#2e7d32',
  yellow: '#f9a825',
  red: '#c62828',
  blue: '#1565c0',
  suspended: '#6a1b9a',
};

/** A bar chart of cobalt by status at production, drawn by ECharts on the server as SVG. */
export function statusChartSvg(
  r: DueDiligenceReportView,
  names: Record<string, string>,
  nf: Intl.NumberFormat,
) {
  const s = r.managementSystem.statusAtProduction;
  const keys = ['green', 'yellow', 'red', 'blue', 'suspended'] as const;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 480, height: 200 });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: 'Helvetica' },
    grid: { left: 60, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: keys.map((k) => names[k]) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => nf.format(v) } },
    series: [
      {
        type: 'bar',
        data: keys.map((k) => ({ value: s[k], itemStyle: { color: STATUS_COLOURS[k] } })),
        label: { show: true, position: 'top', formatter: (p: { value: number }) => nf.format(p.value) },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k) => String(values[k] ?? ''));

/** The due-diligence report as a PDF (A4), in French or English, with its chart drawn on the server. */
export async function dueDiligencePdf(r: DueDiligenceReportView, lng: ReportLanguage): Promise<Buffer> {
  const L = labelsOf(lng);
  const t = (key: string, values: Record<string, string | number> = {}) => {
    const v = key
      .split('.')
      .reduce<string | Labels | undefined>((o, k) => (typeof o === 'object' ? o[k] : undefined), L);
    return fill(typeof v === 'string' ? v : (key.split('.').at(-1) as string), values);
  };
  const locale = lng === 'fr' ? 'fr-FR' : 'en-GB';
  const kg = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayOf = (iso: string) => day.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));
  const statusName = (s: string) => t(`status.${s}`);
  const colon = lng === 'fr' ? ' : ' : ': ';

  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: {
      Title: `${t('title')} — ${r.buyer.name}`,
      Author: 'Amana',
      CreationDate: new Date(r.generatedAt),
    },
    lang: lng,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 100;

  const heading = (text: string) => {
    if (doc.y > doc.page.height - 160) doc.addPage();
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#1a237e').text(text, 50).moveDown(0.3);
    doc.font('Helvetica').fontSize(10).fillColor('black');
  };
  const para = (text: string) =>
    doc.font('Helvetica').fontSize(10).fillColor('black').text(text, 50, undefined, { width }).moveDown(0.4);
  const table = (head: string[], rows: string[][], columns?: (number | string)[]) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.fontSize(8.5);
    doc.table({
      position: { x: 50 },
      maxWidth: width,
      columnStyles: columns,
      defaultStyle: { border: 0.5, borderColor: '#9e9e9e', padding: 3 },
      data: [
        head.map((h) => ({
          text: h,
          font: { src: 'Helvetica-Bold' },
          backgroundColor: '#e8eaf6',
          type: 'TH' as const,
        })),
        ...rows,
      ],
    });
    doc.fontSize(10).moveDown(0.6);
  };

  // Title
  doc.font('Helvetica-Bold').fontSize(18).fillColor('#1a237e').text(t('title'), { width });
  doc.font('Helvetica').fontSize(9).fillColor('#555').text(t('subtitle'), { width }).moveDown(0.8);
  doc.fillColor('black').fontSize(10);
  doc
    .font('Helvetica-Bold')
    .text(`${t('buyer')}${colon}`, { continued: true })
    .font('Helvetica')
    .text(`${r.buyer.name} (${r.buyer.country})`);
  doc
    .font('Helvetica-Bold')
    .text(`${t('period')}${colon}`, { continued: true })
    .font('Helvetica')
    .text(t('fromTo', { from: dayOf(r.period.from), to: dayOf(r.period.to) }));
  doc
    .font('Helvetica-Bold')
    .text(`${t('generatedAt')}${colon}`, { continued: true })
    .font('Helvetica')
    .text(dayOf(r.generatedAt));
  const ms = r.managementSystem;

  heading(t('summary'));
  const plural = new Intl.PluralRules(locale);
  para(
    t(`summaryText_${plural.select(ms.lots) === 'one' ? 'one' : 'other'}`, {
      buyer: r.buyer.name,
      lots: ms.lots,
      contained: kg.format(ms.containedKg),
      sites: ms.sites.length,
      ncShare: pct.format(ms.nonConformingShare),
    }),
  );

  heading(t('s1'));
  para(t('nonConformity'));
  para(t('s1Tolerance', { pct: r.policy.lossTolerancePct }));
  para(
    r.policy.standards.length
      ? `${t('s1Standards')}${colon}${r.policy.standards.map((s) => `${s.name} (v${s.version})`).join(', ')}`
      : t('s1NoStandards'),
  );

  heading(t('s2'));
  para(t('s2Text'));
  doc.font('Helvetica-Bold').text(t('received')).font('Helvetica').moveDown(0.2);
  table(
    [t('lot'), t('receivedAt'), t('from'), t('massKg'), t('gradePct'), t('containedKg'), t('ncShare')],
    ms.received.map((l) => [
      l.tag ?? l.epc,
      dayOf(l.receivedAt),
      l.from,
      kg.format(l.massKg),
      kg.format(l.gradePct),
      kg.format(l.containedKg),
      pct.format(l.nonConformingShare),
    ]),
    [100, 60, 95, '*', '*', '*', '*'],
  );
  doc.font('Helvetica-Bold').text(t('sites')).font('Helvetica').moveDown(0.2);
  table(
    [t('site'), t('province'), t('containedKg'), t('share'), t('ncKg'), t('atProduction')],
    ms.sites.map((s) => [
      `${s.code} ${s.name}`,
      s.province,
      kg.format(s.containedKg),
      pct.format(s.share),
      kg.format(s.nonConformingKg),
      s.atProduction
        .map(
          (a) =>
            `${statusName(a.status)}${a.suspended ? `, ${t('suspendedShort')}` : ''}${a.openLevel1.length ? ` (${a.openLevel1.join(', ')})` : ''}${colon}${kg.format(a.containedKg)} kg`,
        )
        .join('; '),
    ]),
    [110, 60, 60, 45, 60, '*'],
  );
  if (doc.y > doc.page.height - 260) doc.addPage();
  doc.font('Helvetica-Bold').text(t('statusChart'), 50).font('Helvetica');
  const names = Object.fromEntries(
    ['green', 'yellow', 'red', 'blue', 'suspended'].map((k) => [k, statusName(k)]),
  );
  const chartY = doc.y + 4;
  SVGtoPDF(doc, statusChartSvg(r, names, kg), 50, chartY, { width: 480, height: 200 });
  doc.y = chartY + 210;
  doc.x = 50;

  heading(t('s3'));
  const inc = r.riskAssessment.incidents;
  para(
    t('incidentsByLevel', {
      total: inc.total,
      l1: inc.byLevel.level1,
      l2: inc.byLevel.level2,
      l3: inc.byLevel.level3,
    }),
  );
  if (inc.byCategory.length)
    table(
      [t('categoryHeading'), t('level1'), t('level2'), t('level3')],
      inc.byCategory.map((c) => [
        t(`category.${c.category}`),
        String(c.level1),
        String(c.level2),
        String(c.level3),
      ]),
      ['*', 70, 70, 70],
    );
  else para(t('noIncidents'));
  const a = r.riskAssessment.assessments;
  const m = r.riskAssessment.monitoring;
  para(t('assessments', { inPeriod: a.inPeriod, assessed: a.sitesAssessed, sites: m.sitesInChain }));
  para(
    t('monitoring', {
      visits: m.visits,
      visited: m.sitesVisited,
      sites: m.sitesInChain,
      coverage: pct.format(m.coverage),
    }),
  );

  heading(t('s4'));
  const rm = r.riskManagement;
  para(
    t('s4Text', {
      withPlan: rm.withPlan,
      withoutPlan: rm.withoutPlan,
      resolved: rm.resolvedInPeriod,
      reviews: rm.reviewsInPeriod,
      overdue: rm.reviewsOverdue,
    }),
  );
  para(
    t('decisionsText', {
      continue: rm.decisions.continue_mitigating,
      suspend: rm.decisions.suspend_temporarily,
      disengage: rm.decisions.disengage,
    }),
  );
  if (rm.incidents.length)
    table(
      [
        t('incident'),
        t('site'),
        t('level'),
        t('categoryHeading'),
        t('stateAtEnd'),
        t('decision'),
        t('progress'),
      ],
      rm.incidents.map((i) => [
        i.code,
        i.siteCode,
        String(i.level),
        t(`category.${i.category}`),
        t(`state.${i.stateAtEnd}`),
        i.decision ? t(`decisionNames.${i.decision}`) : '—',
        i.progress === null ? '—' : pct.format(i.progress),
      ]),
      [55, 50, 35, '*', 75, 90, 65],
    );

  heading(t('s5'));
  const v = r.verification;
  if (v.auditors.length) {
    para(t('s5Auditors'));
    for (const g of v.auditors)
      para(
        `• ${g.auditor}${g.organisation ? ` (${g.organisation})` : ''}, ${t('fromTo', { from: dayOf(g.periodFrom), to: dayOf(g.periodTo) })}: ${g.purpose}`,
      );
  } else para(t('s5NoAuditors'));
  para(
    v.seal ? t('s5Seal', { seq: v.seal.seq, at: dayOf(v.seal.sealedAt), key: v.seal.keyId }) : t('s5NoSeal'),
  );

  heading(t('s6'));
  const g = r.grievanceMechanism;
  para(t('s6Text', { total: g.total, incidents: g.becameIncidents }));
  const statuses = Object.entries(g.byStatus);
  if (statuses.length) para(statuses.map(([s, n]) => `${t(`grievanceStatus.${s}`)}${colon}${n}`).join(' · '));

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#777')
      .text(`${r.buyer.name} · ${t('page', { page: i + 1, pages: range.count })}`, 50, doc.page.height - 35, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
