import type { Queryable } from '../db.ts';

export interface SmsMessageRow {
  id: string;
  grievance_id: string;
  direction: 'in' | 'out';
  channel: string;
  gateway_message_id: string | null;
  body: string;
  status: 'received' | 'sent' | 'failed';
  failure: string | null;
  sent_by: string | null;
  sent_by_name: string | null;
  sent_at: Date | null;
  recorded_at: Date;
}

/** The open grievance (received or validated) a sender's number last opened by SMS, if any. */
export async function openThreadOf(q: Queryable, senderHash: string): Promise<string | undefined> {
  return (
    await q.query<{ grievance_id: string }>(
      `SELECT t.grievance_id FROM grievance_sms_threads t JOIN grievances g ON g.id = t.grievance_id
        WHERE t.sender_hash = $1 AND g.status IN ('received', 'validated')
        ORDER BY t.created_at DESC LIMIT 1`,
      [senderHash],
    )
  ).rows[0]?.grievance_id;
}

/** The grievance an inbound message was already stored in, when the gateway sends it again. */
export async function inboundSeen(
  q: Queryable,
  channel: string,
  gatewayMessageId: string,
): Promise<string | undefined> {
  return (
    await q.query<{ grievance_id: string }>(
      `SELECT grievance_id FROM grievance_sms_messages
        WHERE direction = 'in' AND channel = $1 AND gateway_message_id = $2`,
      [channel, gatewayMessageId],
    )
  ).rows[0]?.grievance_id;
}

export async function insertThread(
  q: Queryable,
  t: { grievanceId: string; senderHash: string; senderSealed: string; channel: string; at: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO grievance_sms_threads (grievance_id, sender_hash, sender_sealed, channel, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [t.grievanceId, t.senderHash, t.senderSealed, t.channel, t.at],
  );
}

/** The thread of a grievance: its sealed number and channel, or undefined when it did not come by SMS. */
export async function threadOf(
  q: Queryable,
  grievanceId: string,
): Promise<{ sender_sealed: string; channel: string } | undefined> {
  return (
    await q.query<{ sender_sealed: string; channel: string }>(
      'SELECT sender_sealed, channel FROM grievance_sms_threads WHERE grievance_id = $1',
      [grievanceId],
    )
  ).rows[0];
}

/** Stores a message; an inbound one already stored (same channel and gateway id) is left as it was: false then. */
export async function insertSmsMessage(
  q: Queryable,
  m: Omit<SmsMessageRow, 'sent_by_name'>,
): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO grievance_sms_messages
       (id, grievance_id, direction, channel, gateway_message_id, body, status, failure, sent_by, sent_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT DO NOTHING`,
    [
      m.id,
      m.grievance_id,
      m.direction,
      m.channel,
      m.gateway_message_id,
      m.body,
      m.status,
      m.failure,
      m.sent_by,
      m.sent_at,
      m.recorded_at,
    ],
  );
  return res.rowCount > 0;
}

/** A grievance's messages in the order they were recorded, with the name of the officer who sent each answer. */
export async function listSmsMessages(q: Queryable, grievanceId: string): Promise<SmsMessageRow[]> {
  return (
    await q.query<SmsMessageRow>(
      `SELECT m.*, u.name AS sent_by_name FROM grievance_sms_messages m LEFT JOIN users u ON u.id = m.sent_by
        WHERE m.grievance_id = $1 ORDER BY m.recorded_at, m.id`,
      [grievanceId],
    )
  ).rows;
}
