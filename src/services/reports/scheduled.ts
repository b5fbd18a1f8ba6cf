import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '../../domain/access/roles.ts';
import { closedQuarters, quarterDays, quarterOf } from '../../domain/reports/schedule.ts';
import { appendEvent } from '../../storage/events.ts';
import { findUserById, membershipsOf } from '../../storage/queries/access.ts';
import {
  allLiveSubscriptions,
  cancelReportSubscription,
  claimDelivery,
  deliveriesOf,
  findReportSubscription,
  insertReportSubscription,
  liveSubscriptionsOf,
  type ReportSubscriptionRow,
  settleDelivery,
} from '../../storage/queries/report-subscriptions.ts';
import type { ReadRequest } from '../audit/reads.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { conflict, notFound, ServiceError } from '../errors.ts';
import { sendMail } from '../mail.ts';
import { dueDiligenceReport, requireReportAccess } from './due-diligence.ts';
import { dueDiligencePdf } from './due-diligence-pdf.ts';

/**
 * Quarterly due-diligence reports by e-mail (decision 0056): whoever may read a buyer's report asks for it each
 * quarter, in French or English, as a PDF or as data; the worker sends each closed quarter once.
 */

export interface ReportSubscriptionInput {
  language: 'fr' | 'en';
  format: 'pdf' | 'json';
}

const view = (r: ReportSubscriptionRow) => ({
  id: r.id,
  organisationId: r.organisation_id,
  email: r.email,
  language: r.language,
  format: r.format,
  firstQuarter: r.first_quarter,
  createdAt: r.created_at.toISOString(),
  sentQuarters: r.sent,
});

const READ = (organisationId: string): ReadRequest => ({
  route: '/api/organisations/:id/report-subscriptions',
  path: `/api/organisations/${organisationId}/report-subscriptions`,
});

/** The caller may read the report of the quarter under way: the right it asks to receive. */
async function requireAccess(ctx: AuthedContext, organisationId: string) {
  await requireReportAccess(ctx, READ(organisationId), organisationId, quarterDays(quarterOf(ctx.clock())));
}

/** The caller's subscriptions to a buyer's report. */
export async function listReportSubscriptions(ctx: AuthedContext, organisationId: string) {
  await requireAccess(ctx, organisationId);
  return (await liveSubscriptionsOf(ctx.db, organisationId, ctx.principal.userId)).map(view);
}

/** Asks for a buyer's report each quarter, at the caller's own address, from the quarter under way. */
export async function subscribeToReport(
  ctx: AuthedContext,
  organisationId: string,
  input: ReportSubscriptionInput,
) {
  await requireAccess(ctx, organisationId);
  const now = ctx.clock();
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    const made = await insertReportSubscription(
      tx,
      {
        id,
        organisation_id: organisationId,
        user_id: ctx.principal.userId,
        member_of: ctx.principal.organisationId,
        email: ctx.principal.email,
        language: input.language,
        format: input.format,
        first_quarter: quarterOf(now),
      },
      now,
    );
    if (!made)
      throw conflict('you already receive this report in this language and format', [], {
        code: 'reports.already-subscribed',
      });
    await appendEvent(tx, {
      type: 'report.subscribed',
      subjectType: 'organisation',
      subjectId: organisationId,
      payload: { subscriptionId: id, ...input, firstQuarter: quarterOf(now) },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return view((await findReportSubscription(ctx.db, id)) as ReportSubscriptionRow);
}

/** Stops a subscription: its own subscriber only. */
export async function unsubscribeFromReport(ctx: AuthedContext, organisationId: string, id: string) {
  const row = await findReportSubscription(ctx.db, id);
  if (
    !row ||
    row.organisation_id !== organisationId ||
    row.user_id !== ctx.principal.userId ||
    row.cancelled_at
  )
    throw notFound('subscription');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await cancelReportSubscription(tx, id, ctx.principal.userId, now);
    await appendEvent(tx, {
      type: 'report.unsubscribed',
      subjectType: 'organisation',
      subjectId: organisationId,
      payload: { subscriptionId: id },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
}

const WORDS = {
  fr: {
    subject: (name: string, q: string) => `Rapport de diligence raisonnable ${q} — ${name}`,
    text: (name: string, from: string, to: string) =>
      `Veuillez trouver ci-joint le rapport de diligence raisonnable de ${name} pour la période du ${from} au ${to}.\n\nVous le recevez chaque trimestre parce que vous l’avez demandé dans Amana ; la page du rapport permet d’arrêter l’envoi.`,
  },
  en: {
    subject: (name: string, q: string) => `Due-diligence report ${q} — ${name}`,
    text: (name: string, from: string, to: string) =>
      `Please find attached the due-diligence report of ${name} for ${from} to ${to}.\n\nYou receive it each quarter because you asked for it in Amana; the report's page lets you stop it.`,
  },
};

/** The subscriber as it is now: a member of the same organisation, not disabled; null when no longer. */
async function subscriberNow(ctx: ServiceContext, s: ReportSubscriptionRow): Promise<Principal | null> {
  const user = await findUserById(ctx.db, s.user_id);
  if (!user || user.disabled_at) return null;
  const membership = (await membershipsOf(ctx.db, [s.user_id])).find(
    (m) => m.organisation_id === s.member_of,
  );
  if (!membership) return null;
  return {
    userId: s.user_id,
    email: user.email,
    organisationId: s.member_of,
    role: membership.role,
    via: 'token',
  };
}

/** Sends one quarter's report; the error to record when it could not. */
async function sendOne(
  ctx: ServiceContext,
  s: ReportSubscriptionRow,
  quarter: string,
): Promise<string | null> {
  const principal = await subscriberNow(ctx, s);
  if (!principal) return 'the subscriber is no longer a member of its organisation';
  const days = quarterDays(quarter);
  let report: Awaited<ReturnType<typeof dueDiligenceReport>>;
  try {
    // Made with the subscriber's rights at the time of sending: one who lost them receives nothing.
    report = await dueDiligenceReport(
      { ...ctx, principal },
      READ(s.organisation_id),
      s.organisation_id,
      days,
    );
  } catch (error) {
    if (error instanceof ServiceError) return error.message;
    throw error;
  }
  const name = report.buyer.name;
  const base = `amana-due-diligence-${days.from}-${days.to}-${s.language}`;
  const attachment =
    s.format === 'pdf'
      ? {
          filename: `${base}.pdf`,
          content: await dueDiligencePdf(report, s.language),
          contentType: 'application/pdf',
        }
      : {
          filename: `${base}.json`,
          content: Buffer.from(JSON.stringify(report, null, 2)),
          contentType: 'application/json',
        };
  const words = WORDS[s.language];
  const sent = await sendMail(ctx, {
    to: s.email,
    subject: words.subject(name, quarter),
    text: words.text(name, days.from, days.to),
    headers: { 'Amana-Report-Quarter': quarter, 'Amana-Report-Subscription': s.id },
    attachments: [attachment],
  });
  return sent.ok ? null : sent.error;
}

/**
 * Sends every closed quarter each live subscription is owed and has not had. Each quarter is claimed in the
 * database before its mail goes, so a restarted or second worker never sends it twice; a failure is recorded and
 * tried again at the next pass. Returns how many were sent and how many failed.
 */
export async function sendScheduledReports(ctx: ServiceContext): Promise<{ sent: number; failed: number }> {
  const now = ctx.clock();
  let sent = 0;
  let failed = 0;
  for (const s of await allLiveSubscriptions(ctx.db)) {
    const settled = new Set(
      (await deliveriesOf(ctx.db, s.id)).filter((d) => d.sent_at || !d.error).map((d) => d.quarter),
    );
    for (const quarter of closedQuarters(s.first_quarter, now).filter((q) => !settled.has(q))) {
      if (!(await claimDelivery(ctx.db, s.id, quarter, ctx.clock()))) continue;
      const error = await sendOne(ctx, s, quarter).catch((e: Error) => e.message);
      await ctx.db.transaction(async (tx) => {
        await settleDelivery(tx, s.id, quarter, error ? { error } : { sentAt: ctx.clock() });
        if (!error)
          await appendEvent(tx, {
            type: 'report.sent',
            subjectType: 'organisation',
            subjectId: s.organisation_id,
            payload: { subscriptionId: s.id, quarter, format: s.format, language: s.language, to: s.email },
            actor: null,
            at: ctx.clock(),
          });
      });
      if (error) failed++;
      else sent++;
    }
  }
  return { sent, failed };
}
