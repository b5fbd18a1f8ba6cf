import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { caseCodeFrom } from '../../domain/grievances/case-code.ts';
import { firstReplyText, gatewayTime, normalisePhone, type SmsChannel } from '../../domain/grievances/sms.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  inboundSeen,
  insertSmsMessage,
  insertThread,
  listSmsMessages,
  openThreadOf,
  type SmsMessageRow,
  threadOf,
} from '../../storage/queries/grievance-sms.ts';
import { findGrievanceById, insertGrievance } from '../../storage/queries/grievances.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { requireOfficer } from './grievances.ts';
import { grievanceKey, seal, unseal } from './sealing.ts';
import { httpSmsGateway } from './sms-gateway.ts';

/** A message as a gateway hands it over. */
export interface InboundSms {
  from: string;
  to?: string;
  text: string;
  /** When the gateway received it, in its words. */
  date?: string;
  /** The gateway's id of the message: the same message sent again is stored once. */
  id: string;
}

/** The keyed hash that finds a sender's thread without the number being stored in clear. */
export function senderHash(key: Buffer, phone: string): string {
  const threadKey = Buffer.from(hkdfSync('sha256', key, '', 'amana grievance sms sender', 32));
  return createHmac('sha256', threadKey).update(phone).digest('hex');
}

/** The sender-hash of the number a message comes from, or null when it is no number (for the rate limit's key). */
export function senderKeyOf(ctx: ServiceContext, from: string): string | null {
  const phone = normalisePhone(from);
  return phone && senderHash(grievanceKey(ctx.config), phone);
}

const view = (m: SmsMessageRow) => ({
  id: m.id,
  direction: m.direction,
  body: m.body,
  status: m.status,
  failure: m.failure,
  sentBy: m.sent_by_name,
  sentAt: m.sent_at?.toISOString() ?? null,
  recordedAt: m.recorded_at.toISOString(),
});
export type SmsMessageView = ReturnType<typeof view>;

/** Sends an answer through the gateway and records it, sent or not, with the event saying who sent it. */
async function sendAndRecord(
  ctx: ServiceContext,
  grievanceId: string,
  channel: string,
  to: string,
  text: string,
  by: AuthedContext['principal'] | null,
): Promise<SmsMessageRow> {
  const result = await httpSmsGateway(ctx.config.sms).send(to, text);
  const now = ctx.clock();
  const row: SmsMessageRow = {
    id: uuidv7(),
    grievance_id: grievanceId,
    direction: 'out',
    channel,
    gateway_message_id: result.sent ? result.messageId : null,
    body: text,
    status: result.sent ? 'sent' : 'failed',
    failure: result.sent ? null : result.failure,
    sent_by: by?.userId ?? null,
    sent_by_name: null,
    sent_at: result.sent ? now : null,
    recorded_at: now,
  };
  await ctx.db.transaction(async (tx) => {
    await insertSmsMessage(tx, row);
    // The log says an answer went out and whether the gateway took it; the number stays out of it.
    await appendEvent(tx, {
      type: 'grievance.sms_sent',
      subjectType: 'grievance',
      subjectId: grievanceId,
      payload: { messageId: row.id, status: row.status, automatic: by === null },
      actor: by && actorOf(by),
      at: now,
    });
  });
  return row;
}

/**
 * Receives an SMS: threaded into the open grievance its number last opened, or a new grievance whose first answer
 * carries its case code. A message the gateway sends again (same id) is acknowledged and stored once.
 */
export async function receiveSms(
  ctx: ServiceContext,
  channel: SmsChannel,
  sms: InboundSms,
): Promise<{ caseCode: string; created: boolean; duplicate: boolean }> {
  const phone = normalisePhone(sms.from);
  if (!phone)
    throw invalid([{ path: 'from', message: 'not a phone number', code: 'grievances.sms-not-a-number' }]);
  const text = sms.text.trim();
  if (!text) throw invalid([{ path: 'text', message: 'the message is empty', code: 'grievances.sms-empty' }]);
  const caseOf = async (id: string, q: Queryable = ctx.db) =>
    (await findGrievanceById(q, id))?.case_code ?? '';
  const seen = await inboundSeen(ctx.db, channel, sms.id);
  if (seen) return { caseCode: await caseOf(seen), created: false, duplicate: true };
  const key = grievanceKey(ctx.config);
  const hash = senderHash(key, phone);
  const now = ctx.clock();
  const sentAt = gatewayTime(sms.date);
  let outcome: { grievanceId: string; caseCode: string; created: boolean; duplicate: boolean };
  try {
    outcome = await ctx.db.transaction(async (tx) => {
      let grievanceId = await openThreadOf(tx, hash);
      let caseCode = grievanceId ? await caseOf(grievanceId, tx) : '';
      const created = !grievanceId;
      if (!grievanceId) {
        grievanceId = uuidv7();
        caseCode = caseCodeFrom(randomBytes(8));
        await insertGrievance(tx, {
          id: grievanceId,
          caseCode,
          // No one is told this secret: an SMS reporter follows the case by SMS, not on the case page.
          secretHash: createHash('sha256').update(randomBytes(18)).digest('hex'),
          siteId: null,
          location: '',
          category: null,
          description: text,
          language: 'fr',
          anonymous: false,
          contactSealed: seal(key, { phone }),
          takenDownBy: null,
          takenDownAt: null,
          at: now,
        });
        await insertThread(tx, {
          grievanceId,
          senderHash: hash,
          senderSealed: seal(key, phone),
          channel,
          at: now,
        });
        await appendEvent(tx, {
          type: 'grievance.received',
          subjectType: 'grievance',
          subjectId: grievanceId,
          payload: {
            caseCode,
            siteId: null,
            category: null,
            language: 'fr',
            anonymous: false,
            channel: 'sms',
          },
          actor: null,
          at: now,
        });
      }
      const messageId = uuidv7();
      const stored = await insertSmsMessage(tx, {
        id: messageId,
        grievance_id: grievanceId,
        direction: 'in',
        channel,
        gateway_message_id: sms.id,
        body: text,
        status: 'received',
        failure: null,
        sent_by: null,
        sent_at: sentAt,
        recorded_at: now,
      });
      // The same message arriving twice at once: the other request stored it; this one leaves no trace.
      if (!stored) throw new SameMessage();
      await appendEvent(tx, {
        type: 'grievance.sms_received',
        subjectType: 'grievance',
        subjectId: grievanceId,
        payload: { messageId, channel, sentAt: sentAt?.toISOString() ?? null },
        actor: null,
        at: now,
      });
      return { grievanceId, caseCode, created, duplicate: false };
    });
  } catch (error) {
    if (!(error instanceof SameMessage)) throw error;
    const again = await inboundSeen(ctx.db, channel, sms.id);
    return { caseCode: again ? await caseOf(again) : '', created: false, duplicate: true };
  }
  if (outcome.created)
    await sendAndRecord(ctx, outcome.grievanceId, channel, phone, firstReplyText(outcome.caseCode), null);
  return { caseCode: outcome.caseCode, created: outcome.created, duplicate: false };
}

class SameMessage extends Error {}

/** A grievance's SMS thread, in the order the messages were recorded; empty when it did not come by SMS. */
export async function listSmsThread(ctx: AuthedContext, id: string): Promise<SmsMessageView[]> {
  requireOfficer(ctx);
  if (!(await findGrievanceById(ctx.db, id))) throw notFound('grievance');
  return (await listSmsMessages(ctx.db, id)).map(view);
}

/** The officer's answer to the reporter, sent back through the gateway the grievance came by. */
export async function replyBySms(ctx: AuthedContext, id: string, text: string): Promise<SmsMessageView> {
  requireOfficer(ctx);
  if (!(await findGrievanceById(ctx.db, id))) throw notFound('grievance');
  const thread = await threadOf(ctx.db, id);
  if (!thread)
    throw conflict('this grievance did not come by SMS: there is no number to answer', [], {
      code: 'grievances.sms-no-thread',
    });
  const phone = unseal<string>(grievanceKey(ctx.config), thread.sender_sealed);
  const row = await sendAndRecord(ctx, id, thread.channel, phone, text, ctx.principal);
  // Read back for the officer's name, as the thread shows it.
  const saved = (await listSmsMessages(ctx.db, id)).find((m) => m.id === row.id);
  return view(saved ?? row);
}
