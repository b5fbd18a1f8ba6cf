// A national registry for the list benchmark, grown on top of the demo world by bulk COPY: sites, their
// operators and status history, visits, incidents with their transitions, plans and actors, and the custody
// lots, subscriptions and alerts that expose buyers and refiners to sites. Deterministic (fixed seed).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { random } from './custody-generator.ts';

/** A COPY text-format field. */
const field = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v))
    return field(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (typeof v === 'object') return field(JSON.stringify(v));
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
};

async function copy(c: pg.Client, table: string, columns: string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const lines = function* () {
    for (let i = 0; i < rows.length; i += 2000)
      yield rows
        .slice(i, i + 2000)
        .map((r) => `${r.map(field).join('\t')}\n`)
        .join('');
  };
  await pipeline(
    Readable.from(lines()),
    c.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)),
  );
}

const PROVINCES = [
  'Lualaba',
  'Haut-Katanga',
  'Tanganyika',
  'Haut-Lomami',
  'Sud-Kivu',
  'Nord-Kivu',
  'Maniema',
  'Ituri',
];
const WORDS = [
  'Kasulo',
  'Kamilombe',
  'Mutoshi',
  'Shabara',
  'Kanina',
  'Musompo',
  'Kambove',
  'Likasi',
  'Luilu',
  'Kapata',
  'Tshala',
  'Mumbunda',
  'Kawama',
  'Lupoto',
  'Kipushi',
  'Dilala',
  'Mwilu',
  'Kakanda',
  'Tenke',
  'Fungurume',
];
const CATEGORIES = [
  'child_labour',
  'occupational_health_safety',
  'security_forces',
  'bribery_fraud',
  'legality',
  'environment',
  'armed_groups',
  'taxes_royalties',
  'community',
];
const DAY = 86400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** What the demo gives the generator to hang its rows on. */
export interface Anchors {
  now: Date;
  monitorId: string;
  analystId: string;
  /** Demo cooperatives (the cooperative manager's first), depot (the buyer's) and refiner (downstream). */
  cooperativeIds: string[];
  depotId: string;
  refinerId: string;
}

/** The rows generated so far, so that each size grows the world of the size before it. */
export interface World {
  organisations: number;
  sites: string[];
  visits: string[];
  incidents: number;
  cooperatives: string[];
  lots: number;
}

export const emptyWorld = (a: Anchors): World => ({
  organisations: 0,
  sites: [],
  visits: [],
  incidents: 0,
  cooperatives: [...a.cooperativeIds],
  lots: 0,
});

/**
 * Grows the world to `size` generated sites, visits and incidents and size/10 organisations: one sixth of the
 * sites are green, a tenth yellow, a tenth red, the rest blue; about one in a hundred has a time rule due;
 * four incidents in five are closed. The refiner follows 1 % of the sites, the depot and refiner hold lots from
 * 2 % of them, the cooperative manager's cooperative operates 1 %.
 */
export async function growWorld(c: pg.Client, w: World, a: Anchors, size: number): Promise<void> {
  const rnd = random(size);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const past = (days: number) => new Date(a.now.getTime() - Math.floor(rnd() * days * DAY));
  const now = a.now;

  const orgRows: unknown[][] = [];
  const numbers: unknown[][] = [];
  for (let i = w.organisations; i < size / 10; i++) {
    const id = uuidv7();
    const roles = i % 10 < 7 ? ['cooperative'] : i % 10 < 9 ? ['trader'] : ['depot'];
    if (roles[0] === 'cooperative') w.cooperatives.push(id);
    const created = past(1500);
    orgRows.push([
      id,
      `${roles[0] === 'cooperative' ? 'Coopérative' : 'Ets'} ${pick(WORDS)} ${pick(WORDS)} ${i}`,
      [],
      roles,
      'CD',
      [],
      rnd() < 0.6 ? 'verified' : 'pending',
      created,
      created,
    ]);
    numbers.push(['rccm', `CD/GEN/RCCM/${String(i).padStart(6, '0')}`, id]);
  }
  await copy(
    c,
    'organisations',
    [
      'id',
      'legal_name',
      'trade_names',
      'chain_roles',
      'country',
      'operating_zones',
      'kyc_status',
      'created_at',
      'updated_at',
    ],
    orgRows,
  );
  await copy(c, 'registration_numbers', ['scheme', 'number', 'organisation_id'], numbers);
  w.organisations = Math.max(w.organisations, Math.ceil(size / 10));

  const sites: unknown[][] = [];
  const operators: unknown[][] = [];
  const history: unknown[][] = [];
  const subscriptions: unknown[][] = [];
  const firstSite = w.sites.length;
  for (let i = firstSite; i < size; i++) {
    const id = uuidv7();
    w.sites.push(id);
    const lon = 22 + rnd() * 8;
    const lat = -12 + rnd() * 9;
    const geometry =
      rnd() < 0.7
        ? { type: 'Point', coordinates: [+lon.toFixed(6), +lat.toFixed(6)] }
        : {
            type: 'Polygon',
            coordinates: [
              [
                [+lon.toFixed(6), +lat.toFixed(6)],
                [+(lon + 0.01).toFixed(6), +lat.toFixed(6)],
                [+(lon + 0.01).toFixed(6), +(lat - 0.008).toFixed(6)],
                [+(lon + 0.004).toFixed(6), +(lat - 0.012).toFixed(6)],
                [+lon.toFixed(6), +(lat - 0.008).toFixed(6)],
                [+lon.toFixed(6), +lat.toFixed(6)],
              ],
            ],
          };
    const due = rnd() < 0.01;
    const r = rnd();
    let status: string;
    let since: Date;
    let deadline: string | null = null;
    let validUntil: string | null = null;
    let redUntil: string | null = null;
    if (r < 1 / 6) {
      status = 'green';
      since = past(360);
      validUntil = iso(due ? past(20) : new Date(since.getTime() + 365 * DAY));
      if (!due && validUntil <= iso(now)) validUntil = iso(new Date(now.getTime() + 30 * DAY));
    } else if (r < 1 / 6 + 0.1) {
      status = 'yellow';
      since = past(80);
      deadline = iso(due ? past(20) : new Date(now.getTime() + (5 + rnd() * 80) * DAY));
      if (due && deadline >= iso(now)) deadline = iso(new Date(now.getTime() - 2 * DAY));
    } else if (r < 1 / 6 + 0.2) {
      status = 'red';
      since = past(700);
      redUntil = iso(new Date(since.getTime() + 182 * DAY));
    } else {
      status = 'blue';
      since = due ? new Date(now.getTime() - (1100 + rnd() * 60) * DAY) : past(1000);
    }
    const province = pick(PROVINCES);
    sites.push([
      id,
      `GEN-${String(i + 1).padStart(6, '0')}`,
      `${pick(WORDS)} ${pick(WORDS)} ${i + 1}`,
      province,
      pick(WORDS),
      geometry,
      rnd() < 0.8 ? ['cobalt', 'copper'] : [pick(['gold', 'tin', 'tantalum', 'copper'])],
      Math.floor(20 + rnd() * 800),
      Math.floor(1 + rnd() * 60),
      status,
      since,
      { kind: 'registered' },
      deadline,
      validUntil,
      redUntil,
      rnd() < 0.005 ? ['INC-1'] : [],
      since,
      since,
    ]);
    // The cooperative manager's cooperative operates 1 % of the sites, the others the rest.
    const coop = rnd() < 0.01 ? a.cooperativeIds[0] : pick(w.cooperatives);
    operators.push([id, coop]);
    history.push([uuidv7(), id, status, 'généré', { kind: 'registered' }, since, null, since]);
    if (rnd() < 0.01) subscriptions.push([uuidv7(), a.refinerId, id, null, [], a.analystId, now]);
  }
  await copy(
    c,
    'sites',
    [
      'id',
      'code',
      'name',
      'province',
      'territory',
      'geometry',
      'minerals',
      'workforce',
      'pits',
      'status',
      'status_since',
      'status_reason',
      'status_deadline',
      'status_valid_until',
      'status_red_until',
      'suspended_by',
      'created_at',
      'updated_at',
    ],
    sites,
  );
  await copy(c, 'site_operators', ['site_id', 'organisation_id'], operators);
  await copy(
    c,
    'site_status_history',
    ['id', 'site_id', 'status', 'reason', 'reason_data', 'effective_at', 'recorded_by', 'created_at'],
    history,
  );
  await copy(
    c,
    'subscriptions',
    ['id', 'organisation_id', 'site_id', 'supplier_id', 'emails', 'created_by', 'created_at'],
    subscriptions,
  );

  // Lots at the depot and the refiner carrying ore from 2 % of the new sites, a quarter of them received by transfer.
  const lots: unknown[][] = [];
  const transfers: unknown[][] = [];
  for (let i = firstSite; i < size; i++) {
    if (rnd() >= 0.02) continue;
    const id = uuidv7();
    const site = w.sites[i];
    const other = pick(w.sites);
    const holder = rnd() < 0.5 ? a.depotId : a.refinerId;
    const produced = past(700);
    lots.push([
      id,
      `urn:amana:lot:gen-${w.lots}`,
      'batch',
      'cobalt',
      null,
      null,
      produced,
      500 + rnd() * 4000,
      5 + rnd() * 10,
      holder,
      null,
      { bySite: { [site]: 0.7, [other]: 0.3 }, byCooperative: {}, nonConformingShare: 0, byState: {} },
      0,
      null,
      `gen-${w.lots}`,
      produced,
    ]);
    if (rnd() < 0.25)
      transfers.push([
        uuidv7(),
        id,
        pick(w.cooperatives),
        holder,
        'inv',
        `GEN-${w.lots}`,
        produced,
        `gen-t-${w.lots}`,
      ]);
    w.lots++;
  }
  await copy(
    c,
    'custody_lots',
    [
      'id',
      'epc',
      'kind',
      'mineral',
      'site_id',
      'cooperative_id',
      'produced_at',
      'mass_kg',
      'grade_pct',
      'holder_id',
      'consumed_at',
      'origin',
      'nonconforming_share',
      'site_state',
      'event_id',
      'created_at',
    ],
    lots,
  );
  await copy(
    c,
    'custody_transfers',
    ['id', 'lot_id', 'from_id', 'to_id', 'transaction_type', 'transaction_ref', 'shipped_at', 'event_id'],
    transfers,
  );

  const visits: unknown[][] = [];
  for (let i = w.visits.length; i < size; i++) {
    const id = uuidv7();
    w.visits.push(id);
    const at = past(1000);
    visits.push([
      id,
      pick(w.sites),
      a.monitorId,
      at,
      -10 + rnd(),
      25 + rnd(),
      'Visite générée',
      {
        headCount: Math.floor(rnd() * 300),
        childrenSeen: rnd() < 0.03 ? 1 : 0,
        ppeSharePct: Math.floor(rnd() * 100),
        securityForcesPresent: rnd() < 0.05,
      },
      null,
      at,
    ]);
  }
  await copy(
    c,
    'visits',
    [
      'id',
      'site_id',
      'monitor_id',
      'visited_at',
      'latitude',
      'longitude',
      'notes',
      'indicators',
      'device_id',
      'created_at',
    ],
    visits,
  );

  const incidents: unknown[][] = [];
  const transitions: unknown[][] = [];
  const actors: unknown[][] = [];
  const plans: unknown[][] = [];
  const alerts: unknown[][] = [];
  const base = 1_000_000;
  for (let i = w.incidents; i < size; i++) {
    const id = uuidv7();
    const level = rnd() < 0.1 ? 1 : rnd() < 0.35 ? 2 : 3;
    const r = rnd();
    const state =
      r < 0.55
        ? 'resolved'
        : r < 0.8
          ? 'unsubstantiated'
          : r < 0.86
            ? 'reported'
            : r < 0.9
              ? 'under_verification'
              : r < 0.94
                ? 'verified'
                : r < 0.98
                  ? 'in_mitigation'
                  : 'escalated';
    const reported = past(1000);
    const dueAt = new Date(reported.getTime() + (level === 1 ? 7 : 30) * DAY);
    const site = rnd() < 0.95 ? pick(w.sites) : null;
    const fromVisit = rnd() < 0.3;
    const category = pick(CATEGORIES);
    incidents.push([
      id,
      `INC-${base + i}`,
      site,
      level,
      category,
      `Incident généré ${i}`,
      'Généré pour le banc.',
      fromVisit ? 'rule' : 'monitor',
      state,
      fromVisit ? pick(w.visits) : null,
      null,
      null,
      null,
      a.monitorId,
      reported,
      dueAt,
      state === 'reported' ? 1 : 2,
      reported,
    ]);
    const first = uuidv7();
    transitions.push([first, id, null, 'reported', 'reported by monitor', a.monitorId, reported]);
    let last = first;
    if (state !== 'reported') {
      last = uuidv7();
      transitions.push([
        last,
        id,
        'reported',
        state,
        'généré',
        a.analystId,
        new Date(reported.getTime() + DAY),
      ]);
    }
    if (site === null || rnd() < 0.05) actors.push([id, pick(w.cooperatives)]);
    if (state === 'in_mitigation')
      plans.push([
        uuidv7(),
        id,
        null,
        [],
        [],
        'continue',
        a.analystId,
        reported,
        // Most plans are reviewed on time; one in ten is past its review.
        rnd() < 0.1 ? past(90) : new Date(now.getTime() + rnd() * 180 * DAY),
        null,
        reported,
        reported,
      ]);
    if (site !== null && rnd() < 0.05)
      alerts.push([
        uuidv7(),
        a.refinerId,
        id,
        last,
        'incident',
        `Incident généré ${i}`,
        {
          incident: { id, code: `INC-${base + i}`, level, category, title: `Incident généré ${i}`, state },
          site: { id: site, code: 'GEN-000001', name: 'Site généré' },
          transition: { to: state, reason: 'généré', at: reported.toISOString() },
        },
        rnd() < 0.5 ? now : null,
        reported,
      ]);
  }
  await copy(
    c,
    'incidents',
    [
      'id',
      'code',
      'site_id',
      'level',
      'category',
      'title',
      'description',
      'source',
      'state',
      'visit_id',
      'rule_code',
      'assessment_id',
      'grievance_id',
      'reported_by',
      'reported_at',
      'verification_due',
      'revision',
      'updated_at',
    ],
    incidents,
  );
  await copy(
    c,
    'incident_transitions',
    ['id', 'incident_id', 'from_state', 'to_state', 'reason', 'by_user', 'at'],
    transitions,
  );
  await copy(c, 'incident_actors', ['incident_id', 'organisation_id'], actors);
  await copy(
    c,
    'mitigation_plans',
    [
      'id',
      'incident_id',
      'owner_organisation_id',
      'indicators',
      'actions',
      'decision',
      'decided_by',
      'decided_at',
      'next_review_due',
      'review_flagged_at',
      'created_at',
      'updated_at',
    ],
    plans,
  );
  await copy(
    c,
    'alerts',
    [
      'id',
      'organisation_id',
      'incident_id',
      'transition_id',
      'kind',
      'title',
      'body',
      'read_at',
      'created_at',
    ],
    alerts,
  );
  w.incidents = Math.max(w.incidents, size);
  await c.query(`SELECT setval('incident_number_seq', $1)`, [base + size]);
  // As autovacuum would leave a table loaded in bulk: statistics, and the visibility map index-only scans rely on.
  await c.query('VACUUM ANALYZE');
}
