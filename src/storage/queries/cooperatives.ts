import type { Queryable } from '../db.ts';

// Cooperatives' membership counts over time and the register of miners' cards (decision 0057).

export interface MembershipRow {
  id: string;
  counted_on: string;
  members: number;
  recorded_by: string;
  created_at: Date;
}

export async function membershipsOf(q: Queryable, cooperativeId: string): Promise<MembershipRow[]> {
  return (
    await q.query<MembershipRow>(
      `SELECT id, counted_on::text AS counted_on, members, recorded_by, created_at FROM cooperative_memberships
        WHERE cooperative_id = $1 ORDER BY counted_on`,
      [cooperativeId],
    )
  ).rows;
}

/** Inserts a membership count; false when that day is already counted. */
export async function insertMembership(
  q: Queryable,
  m: { id: string; cooperativeId: string; countedOn: string; members: number },
  by: { userId: string; at: Date },
): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO cooperative_memberships (id, cooperative_id, counted_on, members, recorded_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cooperative_id, counted_on) DO NOTHING`,
    [m.id, m.cooperativeId, m.countedOn, m.members, by.userId, by.at],
  );
  return (res.rowCount ?? 0) > 0;
}

export interface MinerCardRow {
  id: string;
  card_number: string;
  cooperative_id: string;
  birth_year: number;
  issued_on: string;
  recorded_by: string;
  created_at: Date;
}

const CARD_COLUMNS =
  'id, card_number, cooperative_id, birth_year, issued_on::text AS issued_on, recorded_by, created_at';

export async function findMinerCard(q: Queryable, id: string): Promise<MinerCardRow | undefined> {
  return (await q.query<MinerCardRow>(`SELECT ${CARD_COLUMNS} FROM miner_cards WHERE id = $1`, [id])).rows[0];
}

/** One page of a cooperative's cards, by card number. */
export async function minerCardsPage(
  q: Queryable,
  cooperativeId: string,
  after: string | undefined,
  limit: number,
): Promise<MinerCardRow[]> {
  return (
    await q.query<MinerCardRow>(
      `SELECT ${CARD_COLUMNS} FROM miner_cards WHERE cooperative_id = $1 AND ($2::text IS NULL OR card_number > $2)
        ORDER BY card_number LIMIT $3`,
      [cooperativeId, after ?? null, limit],
    )
  ).rows;
}

/** Inserts a card; false when its number is already registered. */
export async function insertMinerCard(
  q: Queryable,
  c: { id: string; cardNumber: string; cooperativeId: string; birthYear: number; issuedOn: string },
  by: { userId: string; at: Date },
): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO miner_cards (id, card_number, cooperative_id, birth_year, issued_on, recorded_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (card_number) DO NOTHING`,
    [c.id, c.cardNumber, c.cooperativeId, c.birthYear, c.issuedOn, by.userId, by.at],
  );
  return (res.rowCount ?? 0) > 0;
}

/** How many cards each cooperative holds, of the given cooperatives or of all. */
export async function cardCounts(
  q: Queryable,
  cooperativeIds?: readonly string[],
): Promise<{ cooperative_id: string; legal_name: string; cards: number }[]> {
  return (
    await q.query<{ cooperative_id: string; legal_name: string; cards: number }>(
      `SELECT o.id AS cooperative_id, o.legal_name, count(c.id)::int AS cards
         FROM organisations o LEFT JOIN miner_cards c ON c.cooperative_id = o.id
        WHERE 'cooperative' = ANY (o.chain_roles) AND ($1::uuid[] IS NULL OR o.id = ANY($1::uuid[]))
        GROUP BY o.id, o.legal_name ORDER BY o.legal_name, o.id`,
      [cooperativeIds ?? null],
    )
  ).rows;
}
