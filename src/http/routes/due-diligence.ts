import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { dueDiligenceReport } from '../../services/reports/due-diligence.ts';
import { dueDiligencePdf, REPORT_LANGUAGES } from '../../services/reports/due-diligence-pdf.ts';
import { emrtWorkbook } from '../../services/reports/emrt.ts';
import {
  listReportSubscriptions,
  subscribeToReport,
  unsubscribeFromReport,
} from '../../services/reports/scheduled.ts';
import { dueDiligenceReportView } from '../../services/reports/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { idParams, isoDate, isoDateTime, problems } from '../schemas.ts';
import { readOf } from './audit.ts';

const period = z.object({
  from: isoDate.describe('First day of the period, UTC'),
  to: isoDate.describe('Last day of the period, inclusive'),
});

const WHO =
  'the buyer itself, the programme’s analysts and administrators, or an auditor whose access names the buyer for those days';

const subscriptionView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  email: z.string().describe('Where it is sent: the subscriber’s own address'),
  language: z.enum(REPORT_LANGUAGES),
  format: z.enum(['pdf', 'json']),
  firstQuarter: z.string().describe('YYYY-Qn: the first quarter sent, once it has closed'),
  createdAt: isoDateTime,
  sentQuarters: z.array(z.string()).describe('Quarters already sent'),
});

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

  app.get(
    '/api/organisations/:id/report-subscriptions',
    {
      schema: {
        tags: ['reports'],
        summary: `The caller's standing requests for a buyer's quarterly report by e-mail: ${WHO}`,
        params: idParams,
        response: { 200: z.array(subscriptionView), ...problems(401, 403, 404) },
      },
    },
    async (request) => listReportSubscriptions(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/organisations/:id/report-subscriptions',
    {
      schema: {
        tags: ['reports'],
        summary: `Ask for a buyer's due-diligence report at one's own address each quarter once it has closed, as a PDF or as data (decision 0056): ${WHO}`,
        params: idParams,
        body: z.object({ language: z.enum(REPORT_LANGUAGES), format: z.enum(['pdf', 'json']) }),
        response: { 201: subscriptionView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return subscribeToReport(authed(request, ctx), request.params.id, request.body);
    },
  );

  app.delete(
    '/api/organisations/:id/report-subscriptions/:subscriptionId',
    {
      schema: {
        tags: ['reports'],
        summary: 'Stop receiving a quarterly report (its subscriber)',
        params: idParams.extend({ subscriptionId: z.uuid() }),
        response: { 204: z.null(), ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      await unsubscribeFromReport(authed(request, ctx), request.params.id, request.params.subscriptionId);
      return reply.status(204).send(null);
    },
  );
}
