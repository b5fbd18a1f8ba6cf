import type { Principal } from '../domain/access/roles.ts';
import type { ZoneGeometry, ZoneKind } from '../domain/sites/zones.ts';
import { recordMembership, registerMinerCard } from '../services/actors/cooperative-members.ts';
import type { AuthedContext, ServiceContext } from '../services/context.ts';
import { createZone } from '../services/sites/zones.ts';

/** An irregular outline of eight vertices around a centre, half-widths in degrees: a zone as a survey draws it. */
function outline([lon, lat]: [number, number], rx: number, ry: number): number[][] {
  const shape = [1, 0.82, 1.1, 0.9, 1.05, 0.78, 0.95, 0.88];
  const ring = shape.map((k, i) => {
    const a = (i * Math.PI) / 4;
    return [
      Math.round((lon + rx * k * Math.cos(a)) * 1e5) / 1e5,
      Math.round((lat + ry * k * Math.sin(a)) * 1e5) / 1e5,
    ];
  });
  return [...ring, ring[0]];
}

const area = (...parts: [[number, number], number, number][]): ZoneGeometry =>
  parts.length === 1
    ? { type: 'Polygon', coordinates: [outline(...parts[0])] }
    : { type: 'MultiPolygon', coordinates: parts.map((p) => [outline(...p)]) };

/**
 * The demo's zones around Kolwezi and Likasi: artisanal zones (ZEA) created by ministerial order and one area of the
 * Mutoshi concession set aside for artisanal mining. ZEA-LUA-04, where the Lualaba ya Sasa cooperative says it works,
 * was never created: its Kanina site lies in no zone, a red flag on the cooperative.
 */
export const DEMO_ZONES: {
  code: string;
  name: string;
  kind: ZoneKind;
  geometry: ZoneGeometry;
  legalBasis: string;
  validFrom: string;
}[] = [
  {
    code: 'ZEA-LUA-01',
    name: 'Zone d’exploitation artisanale de Kasulo–Kapata',
    kind: 'artisanal_zone',
    geometry: area([[25.497, -10.725], 0.045, 0.04]),
    legalBasis: 'Arrêté ministériel n° 0704/CAB.MIN/MINES/01/2019',
    validFrom: '2019-09-16',
  },
  {
    code: 'ZEA-LUA-02',
    name: 'Zone d’exploitation artisanale de Kamilombe',
    kind: 'artisanal_zone',
    geometry: area([[25.405, -10.7305], 0.02, 0.018]),
    legalBasis: 'Arrêté ministériel n° 0351/CAB.MIN/MINES/01/2020',
    validFrom: '2020-05-04',
  },
  {
    code: 'PE539-ASM',
    name: 'Mutoshi (PE 539) : zone réservée à l’exploitation artisanale',
    kind: 'concession_asm',
    geometry: area([[25.3512, -10.6518], 0.022, 0.02]),
    legalBasis:
      'Convention de cession de zone entre le titulaire du PE 539 et l’EGC, approuvée le 2021-02-11',
    validFrom: '2021-02-11',
  },
  {
    code: 'ZEA-LUA-03',
    name: 'Zone d’exploitation artisanale de Musompo–Tulizembe',
    kind: 'artisanal_zone',
    geometry: area([[25.5565, -10.689], 0.018, 0.016], [[25.4392, -10.6611], 0.015, 0.014]),
    legalBasis: 'Arrêté ministériel n° 0112/CAB.MIN/MINES/01/2021',
    validFrom: '2021-03-22',
  },
  {
    code: 'ZEA-HK-01',
    name: 'Zone d’exploitation artisanale de Kambove',
    kind: 'artisanal_zone',
    geometry: area([[26.5802, -10.8731], 0.025, 0.022], [[26.4205, -10.7398], 0.02, 0.02]),
    legalBasis: 'Arrêté ministériel n° 0596/CAB.MIN/MINES/01/2018',
    validFrom: '2018-07-30',
  },
  {
    code: 'ZEA-HK-02',
    name: 'Zone d’exploitation artisanale de Likasi–Mulungwishi',
    kind: 'artisanal_zone',
    geometry: area(
      [[26.641, -10.7702], 0.02, 0.018],
      [[26.7552, -10.9901], 0.018, 0.016],
      [[27.0145, -11.1702], 0.02, 0.018],
    ),
    legalBasis: 'Arrêté ministériel n° 0596/CAB.MIN/MINES/01/2018',
    validFrom: '2018-07-30',
  },
];

/** The Tujenge cooperative's members counted over the year, and the first miners' cards it registered. */
export const DEMO_MEMBERSHIP = [
  { daysAgo: 330, members: 1180 },
  { daysAgo: 180, members: 1265 },
  { daysAgo: 30, members: 1342 },
];
export const DEMO_CARDS = [
  { cardNumber: 'CAM-LUA-2026-004711', birthYear: 1988 },
  { cardNumber: 'CAM-LUA-2026-004712', birthYear: 1995 },
  { cardNumber: 'CAM-LUA-2026-004713', birthYear: 1979 },
  { cardNumber: 'CAM-LUA-2026-005218', birthYear: 2001 },
  { cardNumber: 'CAM-LUA-2026-005219', birthYear: 1992 },
];

/** Records the demo's zones (the administrator), the Tujenge cooperative's membership counts and cards (its manager). */
export async function seedZones(
  ctx: ServiceContext,
  people: { admin: Principal; cooperative: Principal },
  maxVertices: number,
) {
  const now = ctx.clock();
  const ago = (days: number) => new Date(now.getTime() - days * 86400_000);
  const as = (p: Principal, days = 0): AuthedContext => ({ ...ctx, principal: p, clock: () => ago(days) });
  for (const z of DEMO_ZONES) await createZone(as(people.admin), z, maxVertices);
  const coop = people.cooperative.organisationId;
  for (const m of DEMO_MEMBERSHIP)
    await recordMembership(as(people.cooperative, m.daysAgo), coop, {
      countedOn: ago(m.daysAgo).toISOString().slice(0, 10),
      members: m.members,
    });
  for (const [i, c] of DEMO_CARDS.entries())
    await registerMinerCard(as(people.cooperative, 200 - i * 30), {
      ...c,
      cooperativeId: coop,
      issuedOn: ago(200 - i * 30)
        .toISOString()
        .slice(0, 10),
    });
}
