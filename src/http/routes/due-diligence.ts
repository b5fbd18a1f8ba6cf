import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { dueDiligenceReport } from '../../services/reports/due-diligence.ts';
import { dueDiligencePdf, REPORT_LANGUAGES } from '../../services/reports/due-diligence-pdf.ts';
import { emrtWorkbook } from '../../services/reports/emrt.ts';
import { dueDiligenceReportView } from '../../services/reports/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { idParams, isoDate, problems } from '../schemas.ts';
import { readOf } from './audit.ts';

const period = z.object({
  from: isoDate.describe('First day of the period, UTC'),
  to: isoDate.describe('Last day of the period, inclusive'),
});

const WHO =
  'the buyer itself, the programme’s analysts and administrators, or an auditor whose access names the buyer for those days';

/** The due-diligence report of a buyer (a refiner or any organisation downstream), as data and as a PDF. */
export function dueDiligenceRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/organisations/:id/report',
    {
      schema: {
        tags: ['reports'],
        summary: `The due-diligence report of a buyer for a period (OECD step 5, EU 2023/1542 Art. 52), computed from the record: ${WHO}`,
        params: idParams,
        querystring: period,
        response: { 200: dueDiligenceReportView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      dueDiligenceReport(authed(request, ctx), readOf(request), request.params.id, request.query),
  );

  app.get(
    '/api/organisations/:id/report.pdf',
    {
      schema: {
        tags: ['reports'],
        summary: `The due-diligence report of a buyer for a period as a PDF, in French or English: ${WHO}`,
        params: idParams,
        querystring: period.extend({ lang: z.enum(REPORT_LANGUAGES).default('fr') }),
        response: { ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { lang, ...days } = request.query;
      const report = await dueDiligenceReport(authed(request, ctx), readOf(request), request.params.id, days);
      const pdf = await dueDiligencePdf(report, lang);
      return sendDownload(
        reply,
        {
          contentType: 'application/pdf',
          filename: `amana-due-diligence-${days.from}-${days.to}-${lang}.pdf`,
        },
        pdf,
      );
    },
  );

  app.get(
    '/api/organisations/:id/report.emrt.xlsx',
    {
      schema: {
        tags: ['reports'],
        summary: `RMI EMRT Smelter List and Mine List tabs (xlsx, the template's column order) for a buyer's period: ${WHO}`,
        params: idParams,
        querystring: period,
        response: { ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const caller = authed(request, ctx);
      const report = await dueDiligenceReport(caller, readOf(request), request.params.id, request.query);
      return sendDownload(
        reply,
        {
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          filename: `amana-emrt-${request.query.from}-${request.query.to}.xlsx`,
        },
        await emrtWorkbook(caller, report),
      );
    },
  );

  app.get(
    '/api/organisations/:id/report.battery-pass',
    {
      schema: {
        tags: ['reports'],
        summary: `The supply-chain due-diligence part of a battery passport (Battery Pass data model, urn:samm:io.BatteryPass.SupplyChainDueDiligence:1.2.0), pointing at the buyer's report for the period: ${WHO}`,
        params: idParams,
        querystring: period.extend({ lang: z.enum(REPORT_LANGUAGES).default('fr') }),
        response: {
          200: z.object({
            supplyChainDueDiligenceReport: z
              .url()
              .describe("The report's PDF, for the same period and language"),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { lang, ...days } = request.query;
      // Checked as the report itself is: who may read the passport's pointer may read what it points at.
      await dueDiligenceReport(authed(request, ctx), readOf(request), request.params.id, days);
      const url = new URL(
        `/api/organisations/${request.params.id}/report.pdf`,
        `${request.protocol}://${request.host}`,
      );
      url.search = new URLSearchParams({ ...days, lang }).toString();
      return { supplyChainDueDiligenceReport: url.toString() };
    },
  );
}
