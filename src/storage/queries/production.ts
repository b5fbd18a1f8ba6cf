import type { Queryable } from '../db.ts';

// Production from custody, reference prices and payments to cooperatives (decision 0039).

/** Deliveries: each custody shipping event by which a cooperative handed lots on, with the lots' exact mass and grade. */
export interface DeliveryRow {
  event_id: string;
  cooperative_id: string;
  cooperative_name: string;
  buyer_id: string;
  buyer_name: string;
  shipped_at: Date;
  transaction_ref: string | null;
  lots: { massKg: string; gradePct: string }[];
}

const DELIVERIES = `SELECT t.event_id, t.from_id AS cooperative_id, c.legal_name AS cooperative_name, t.to_id AS buyer_id,
    b.legal_name AS buyer_name, min(t.shipped_at) AS shipped_at, min(t.transaction_ref) AS transaction_ref,
    jsonb_agg(jsonb_build_object('massKg', l.mass_kg::text, 'gradePct', l.grade_pct::text) ORDER BY l.id) AS lots
  FROM custody_transfers t
  JOIN custody_lots l ON l.id = t.lot_id
  JOIN organisations c ON c.id = t.from_id AND 'cooperative' = ANY (c.chain_roles)
  JOIN organisations b ON b.id = t.to_id`;
const DELIVERIES_GROUP = 'GROUP BY t.event_id, t.from_id, c.legal_name, t.to_id, b.legal_name';

export async function deliveriesOf(q: Queryable, cooperativeId: string): Promise<DeliveryRow[]> {
  return (
    await q.query<DeliveryRow>(
      `${DELIVERIES} WHERE t.from_id = $1 ${DELIVERIES_GROUP} ORDER BY min(t.shipped_at), t.event_id`,
      [cooperativeId],
    )
  ).rows;
}

export async function findDelivery(q: Queryable, eventId: string): Promise<DeliveryRow | undefined> {
  return (await q.query<DeliveryRow>(`${DELIVERIES} WHERE t.event_id = $1 ${DELIVERIES_GROUP}`, [eventId]))
    .rows[0];
}

export interface VolumeRow {
  month: string;
  site_id: string | null;
  site_code: string | null;
  cooperative_id: string;
  cooperative_name: string;
  buyer_id: string;
  buyer_name: string;
  lots: number;
  mass_kg: number;
  cobalt_kg: number;
}

/** Volumes delivered by cooperatives, by month (UTC, of the event time), site, cooperative and buyer. */
export async function volumes(
  q: Queryable,
  f: { from: Date; to: Date; cooperativeId?: string; buyerId?: string },
): Promise<VolumeRow[]> {
  return (
    await q.query<VolumeRow>(
      `SELECT to_char(date_trunc('month', t.shipped_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
              l.site_id, s.code AS site_code, t.from_id AS cooperative_id, c.legal_name AS cooperative_name,
              t.to_id AS buyer_id, b.legal_name AS buyer_name, count(*)::int AS lots,
              round(sum(l.mass_kg), 3) AS mass_kg, round(sum(l.mass_kg * l.grade_pct) / 100, 3) AS cobalt_kg
         FROM custody_transfers t
         JOIN custody_lots l ON l.id = t.lot_id
         JOIN organisations c ON c.id = t.from_id AND 'cooperative' = ANY (c.chain_roles)
         JOIN organisations b ON b.id = t.to_id
         LEFT JOIN sites s ON s.id = l.site_id
        WHERE t.shipped_at >= $1 AND t.shipped_at < $2
          AND ($3::uuid IS NULL OR t.from_id = $3) AND ($4::uuid IS NULL OR t.to_id = $4)
        GROUP BY 1, l.site_id, s.code, t.from_id, c.legal_name, t.to_id, b.legal_name
        ORDER BY 1, s.code, c.legal_name, b.legal_name`,
      [f.from, f.to, f.cooperativeId ?? null, f.buyerId ?? null],
    )
  ).rows;
}

export interface PriceRow {
  id: string;
  kind: 'floor' | 'market';
  currency: string;
  per_tonne_minor: number;
  effective_on: string;
  source: string;
  organisation_id: string;
  created_at: Date;
}

const PRICE = `SELECT id, kind, currency, per_tonne_minor, effective_on, source, organisation_id, created_at
  FROM reference_prices`;

/** Inserts prices; one already set for a kind, currency and day is left as it was (returned ids are the new ones). */
export async function insertPrices(
  q: Queryable,
  rows: {
    id: string;
    kind: string;
    currency: string;
    perTonneMinor: number;
    effectiveOn: string;
    source: string;
  }[],
  by: { userId: string; organisationId: string; at: Date },
): Promise<string[]> {
  return (
    await q.query<{ id: string }>(
      `INSERT INTO reference_prices (id, kind, currency, per_tonne_minor, effective_on, source, recorded_by, organisation_id, created_at)
         SELECT x.id, x.kind, x.currency, x.per_tonne_minor, x.effective_on, x.source, $2, $3, $4
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, kind text, currency text, per_tonne_minor bigint, effective_on date, source text)
         ON CONFLICT (kind, currency, effective_on) DO NOTHING RETURNING id`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            currency: r.currency,
            per_tonne_minor: r.perTonneMinor,
            effective_on: r.effectiveOn,
            source: r.source,
          })),
        ),
        by.userId,
        by.organisationId,
        by.at,
      ],
    )
  ).rows.map((r) => r.id);
}

export async function findPrice(q: Queryable, id: string): Promise<PriceRow | undefined> {
  return (await q.query<PriceRow>(`${PRICE} WHERE id = $1`, [id])).rows[0];
}

/** Prices of a currency (and kind), by day, after a keyset. */
export async function listPricesPage(
  q: Queryable,
  f: { currency: string; kind?: string },
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<PriceRow[]> {
  return (
    await q.query<PriceRow>(
      `${PRICE} WHERE currency = $1 AND ($2::text IS NULL OR kind = $2)
          AND ($3::date IS NULL OR (effective_on, id) > ($3::date, $4::uuid))
        ORDER BY effective_on, id LIMIT $5`,
      [f.currency, f.kind ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** Every floor price of a currency up to a day: what the accounts of deliveries until then are owed at. */
export async function floorPricesUntil(q: Queryable, currency: string, until: string): Promise<PriceRow[]> {
  return (
    await q.query<PriceRow>(
      `${PRICE} WHERE currency = $1 AND kind = 'floor' AND effective_on <= $2 ORDER BY effective_on`,
      [currency, until],
    )
  ).rows;
}

export interface PaymentRow {
  id: string;
  delivery_event: string;
  cooperative_id: string;
  buyer_id: string;
  currency: string;
  amount_minor: number;
  paid_at: Date;
  reference: string;
  created_at: Date;
}

const PAYMENT = `SELECT id, delivery_event, cooperative_id, buyer_id, currency, amount_minor, paid_at, reference, created_at
  FROM cooperative_payments`;

export async function insertPayment(
  q: Queryable,
  p: {
    id: string;
    deliveryEvent: string;
    cooperativeId: string;
    buyerId: string;
    currency: string;
    amountMinor: number;
    paidAt: Date;
    reference: string;
    by: string;
    at: Date;
  },
) {
  await q.query(
    `INSERT INTO cooperative_payments (id, delivery_event, cooperative_id, buyer_id, currency, amount_minor, paid_at,
       reference, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      p.id,
      p.deliveryEvent,
      p.cooperativeId,
      p.buyerId,
      p.currency,
      p.amountMinor,
      p.paidAt,
      p.reference,
      p.by,
      p.at,
    ],
  );
}

export async function findPayment(q: Queryable, id: string): Promise<PaymentRow | undefined> {
  return (await q.query<PaymentRow>(`${PAYMENT} WHERE id = $1`, [id])).rows[0];
}

export async function paymentsTo(q: Queryable, cooperativeId: string): Promise<PaymentRow[]> {
  return (
    await q.query<PaymentRow>(`${PAYMENT} WHERE cooperative_id = $1 ORDER BY paid_at, id`, [cooperativeId])
  ).rows;
}

export async function paymentsFor(q: Queryable, deliveryEvent: string): Promise<PaymentRow[]> {
  return (
    await q.query<PaymentRow>(`${PAYMENT} WHERE delivery_event = $1 ORDER BY paid_at, id`, [deliveryEvent])
  ).rows;
}

/** Serialises payments against one delivery. */
export async function lockDelivery(q: Queryable, eventId: string) {
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`delivery:${eventId}`]);
}

export interface ExportFlowRow {
  month: string;
  exporter_id: string;
  exporter_name: string;
  country: string;
  receiver_id: string;
  receiver_name: string;
  receiver_roles: string[];
  lots: number;
  mass_kg: number;
  cobalt_kg: number;
}

/**
 * Shipments leaving the country: custody transfers from an organisation of one country to one of another, by month
 * (UTC, of the event time), exporter, destination country and receiver; of one organisation's, or of all.
 */
export async function exportFlows(
  q: Queryable,
  f: { from: Date; to: Date; organisationId?: string },
): Promise<ExportFlowRow[]> {
  return (
    await q.query<ExportFlowRow>(
      `SELECT to_char(date_trunc('month', t.shipped_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
              t.from_id AS exporter_id, e.legal_name AS exporter_name, r.country, t.to_id AS receiver_id,
              r.legal_name AS receiver_name, r.chain_roles AS receiver_roles, count(*)::int AS lots,
              round(sum(l.mass_kg), 3) AS mass_kg, round(sum(l.mass_kg * l.grade_pct) / 100, 3) AS cobalt_kg
         FROM custody_transfers t
         JOIN custody_lots l ON l.id = t.lot_id
         JOIN organisations e ON e.id = t.from_id
         JOIN organisations r ON r.id = t.to_id AND r.country <> e.country
        WHERE t.shipped_at >= $1 AND t.shipped_at < $2
          AND ($3::uuid IS NULL OR t.from_id = $3 OR t.to_id = $3)
        GROUP BY 1, t.from_id, e.legal_name, r.country, t.to_id, r.legal_name, r.chain_roles
        ORDER BY 1, r.country, r.legal_name, e.legal_name`,
      [f.from, f.to, f.organisationId ?? null],
    )
  ).rows;
}

/** Contained cobalt each organisation shipped in a period (UTC, of the event time), as exact decimal text. */
export async function cobaltShippedBy(
  q: Queryable,
  f: { from: Date; to: Date; organisationId?: string },
): Promise<{ organisation_id: string; legal_name: string; cobalt_kg: string }[]> {
  return (
    await q.query<{ organisation_id: string; legal_name: string; cobalt_kg: string }>(
      `SELECT t.from_id AS organisation_id, o.legal_name, round(sum(l.mass_kg * l.grade_pct) / 100, 8)::text AS cobalt_kg
         FROM custody_transfers t
         JOIN custody_lots l ON l.id = t.lot_id
         JOIN organisations o ON o.id = t.from_id
        WHERE t.shipped_at >= $1 AND t.shipped_at < $2 AND ($3::uuid IS NULL OR t.from_id = $3)
        GROUP BY t.from_id, o.legal_name ORDER BY o.legal_name, t.from_id`,
      [f.from, f.to, f.organisationId ?? null],
    )
  ).rows;
}

export interface RoyaltyDeclarationRow {
  id: string;
  organisation_id: string;
  legal_name: string;
  period: string;
  currency: string;
  declared_minor: number;
  reference: string;
  created_at: Date;
}

export async function royaltyDeclarations(
  q: Queryable,
  f: { period: string; currency: string; organisationId?: string },
): Promise<RoyaltyDeclarationRow[]> {
  return (
    await q.query<RoyaltyDeclarationRow>(
      `SELECT d.id, d.organisation_id, o.legal_name, d.period, d.currency, d.declared_minor,
              d.reference, d.created_at
         FROM royalty_declarations d JOIN organisations o ON o.id = d.organisation_id
        WHERE d.period = $1 AND d.currency = $2 AND ($3::uuid IS NULL OR d.organisation_id = $3)`,
      [f.period, f.currency, f.organisationId ?? null],
    )
  ).rows;
}

/** Inserts a declaration; false when the actor already declared that month in that currency. */
export async function insertRoyaltyDeclaration(
  q: Queryable,
  d: {
    id: string;
    organisationId: string;
    period: string;
    currency: string;
    declaredMinor: number;
    reference: string;
  },
  by: { userId: string; at: Date },
): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO royalty_declarations (id, organisation_id, period, currency, declared_minor, reference, recorded_by,
       created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (organisation_id, period, currency) DO NOTHING`,
    [d.id, d.organisationId, d.period, d.currency, d.declaredMinor, d.reference, by.userId, by.at],
  );
  return (res.rowCount ?? 0) > 0;
}
