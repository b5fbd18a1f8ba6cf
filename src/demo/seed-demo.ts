import type { Principal } from '../domain/access/roles.ts';
import { addMonths } from '../domain/actors/kyc.ts';
import { DEFAULT_MAX_VERTICES } from '../domain/sites/geometry.ts';
import { bootstrapAdmin } from '../services/access/bootstrap.ts';
import { createUser } from '../services/access/users.ts';
import { uploadDocument } from '../services/actors/documents.ts';
import { reviewKyc } from '../services/actors/kyc-reviews.ts';
import { createLicence } from '../services/actors/licences.ts';
import { createOrganisation, getOrganisation } from '../services/actors/organisations.ts';
import { createPerson } from '../services/actors/persons.ts';
import type { AuthedContext, ServiceContext } from '../services/context.ts';
import { conflict } from '../services/errors.ts';
import { assignToSite } from '../services/monitoring/assignments.ts';
import { installReferenceData } from '../services/reference-data.ts';
import { createSite } from '../services/sites/sites.ts';
import {
  DEMO_DOMAIN,
  DEMO_EVIDENCE_PDF,
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_SITES,
  DEMO_USERS,
} from './demo-world.ts';
import { seedAssessments } from './seed-assessments.ts';
import { seedCustody } from './seed-custody.ts';
import { seedFunding } from './seed-funding.ts';
import { seedMonitoring } from './seed-monitoring.ts';
import { seedScreening } from './seed-screening.ts';
import { seedZones } from './seed-zones.ts';

const square = ([lon, lat]: [number, number], d: number) => {
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [r(lon - d), r(lat + d)],
        [r(lon + d), r(lat + d)],
        [r(lon + d), r(lat - d)],
        [r(lon - d), r(lat - d)],
        [r(lon - d), r(lat + d)],
      ],
    ],
  };
};

/** Whether the database holds no organisation yet (a fresh installation). */
export async function isEmpty(ctx: ServiceContext): Promise<boolean> {
  return (await ctx.db.query('SELECT 1 FROM organisations LIMIT 1')).rows.length === 0;
}

/** Loads the demo world through the same use cases as the API, so it obeys every rule and is logged. */
export async function seedDemo(
  ctx: ServiceContext,
  onProgress: (step: string, done: number, total: number) => void = () => {},
) {
  if (!(await isEmpty(ctx)))
    throw conflict('the database already holds data; the demo loads only into an empty one', [], {
      code: 'common.demo-not-empty',
    });
  await installReferenceData(ctx);
  // The first user comes with the operator organisation, in one step.
  const total = DEMO_ORGANISATIONS.length + DEMO_USERS.length - 1 + DEMO_SITES.length + 10;
  let done = 0;
  const step = (name: string) => onProgress(name, ++done, total);
  const now = ctx.clock();
  const shiftDays = (days: number) => new Date(now.getTime() + days * 86400_000).toISOString().slice(0, 10);

  const operator = DEMO_ORGANISATIONS[0];
  const admin = await bootstrapAdmin(ctx, {
    email: `admin@${DEMO_DOMAIN}`,
    name: DEMO_USERS[0].name,
    password: DEMO_PASSWORD,
    organisationName: operator.legalName,
  });
  const as: AuthedContext = { ...ctx, principal: admin };
  const ids = new Map<string, string>([['operator', admin.organisationId]]);
  step('organisations');

  for (const o of DEMO_ORGANISATIONS.slice(1)) {
    const { organisation } = await createOrganisation(as, {
      legalName: o.legalName,
      chainRoles: o.chainRoles,
      country: o.country ?? 'CD',
      registrationNumbers: o.rccm ? [{ scheme: 'rccm', number: o.rccm }] : [],
      addresses: [
        {
          line: `Avenue de la Mine, ${o.city}`,
          city: o.city,
          province: o.province,
          country: o.country ?? 'CD',
        },
      ],
      operatingZones: o.zones ?? [],
    });
    ids.set(o.key, organisation.id);
    step('organisations');
  }

  const principals = new Map<string, Principal>();
  for (const u of DEMO_USERS.slice(1)) {
    const { user } = await createUser(as, {
      email: `${u.local}@${DEMO_DOMAIN}`,
      name: u.name,
      password: DEMO_PASSWORD,
      memberships: [
        { organisationId: ids.get(u.organisation)!, role: u.role },
        ...(u.also ? [{ organisationId: ids.get(u.also)!, role: u.role }] : []),
      ],
    });
    // The first user of a role is known by the role, a second one by its name.
    principals.set(principals.has(u.role) ? u.local : u.role, {
      userId: user.id,
      email: user.email,
      organisationId: ids.get(u.organisation)!,
      role: u.role,
      via: 'session',
    });
    step('users');
  }

  // The demo has a past: sites registered two months ago and assessed six weeks ago, before the sacks of its
  // chain of custody were tagged, so each sack is judged by its site's state on the day it was tagged.
  const daysAgo = (days: number): AuthedContext => ({
    ...as,
    clock: () => new Date(now.getTime() - days * 86400_000),
  });
  const siteIds = new Map<string, string>();
  for (const s of DEMO_SITES) {
    const { site } = await createSite(daysAgo(60), {
      code: s.code,
      name: s.name,
      province: s.province,
      territory: s.territory,
      zoneCode: s.zone,
      concession: s.concession ?? null,
      geometry: square(s.centre, s.size),
      minerals: ['cobalt', 'copper'],
      cooperativeIds: [ids.get(s.cooperative)!],
      workforce: s.workforce,
      pits: s.pits,
      capacityKgMonth: s.capacityKgMonth,
      typicalGradePct: s.gradePct,
    });
    siteIds.set(s.code, site.id);
    step('sites');
  }

  // The programme's monitor and assessor have covered every demo site for two years (decision 0021): assigned
  // by the analyst when the sites were registered, from a start in the past, before any visit of the demo.
  const analyst: AuthedContext = { ...daysAgo(60), principal: principals.get('analyst')! };
  for (const role of ['monitor', 'assessor'] as const)
    for (const siteId of siteIds.values())
      await assignToSite(analyst, {
        siteId,
        userId: principals.get(role)!.userId,
        startsAt: new Date(now.getTime() - 730 * 86400_000).toISOString(),
      });
  step('assignments');

  // Licences: current ones for most, with the gaps a monitoring programme must see.
  for (const o of DEMO_ORGANISATIONS.filter(
    (x) => x.chainRoles.includes('cooperative') || x.chainRoles.includes('trader'),
  )) {
    const isCoop = o.chainRoles.includes('cooperative');
    const zones = o.key === 'trader2' ? o.zones!.slice(0, 1) : (o.zones ?? []);
    for (const [i, zone] of zones.entries()) {
      const expired = o.key === 'coop3' || o.key === 'trader4';
      await createLicence(as, {
        holderOrganisationId: ids.get(o.key)!,
        type: isCoop ? 'cooperative_approval' : 'trader_card',
        number: `${isCoop ? 'AGR' : 'NEG'}-${o.key.toUpperCase()}-${i + 1}`,
        issuer: isCoop ? 'Ministère des Mines – SAEMAPE' : 'Division provinciale des Mines',
        zoneCode: zone,
        validFrom: expired ? '2024-04-01' : '2025-06-01',
        validUntil: expired ? '2026-03-31' : shiftDays(400),
      });
    }
  }
  for (const key of ['depot1', 'depot2', 'processor', 'egc']) {
    await createLicence(as, {
      holderOrganisationId: ids.get(key)!,
      type: key === 'egc' ? 'export_licence' : key === 'processor' ? 'processing_licence' : 'depot_licence',
      number: `LIC-${key.toUpperCase()}-2025`,
      issuer: 'Ministère des Mines',
      validFrom: '2025-01-01',
      validUntil: key === 'depot2' ? shiftDays(30) : shiftDays(700),
    });
  }
  step('licences');

  // Miners of the first cooperative, one of whom cannot prove adulthood.
  const miners = [
    { fullName: 'Mutombo Kalenga', cardNumber: 'CAM-LUA-000101', birthYear: 1994 },
    { fullName: 'Ngoy Mwilambwe', cardNumber: 'CAM-LUA-000102', birthYear: 1988 },
    { fullName: 'Kasongo Banza', cardNumber: 'CAM-LUA-000103', birthYear: now.getUTCFullYear() - 17 },
  ];
  for (const [i, m] of miners.entries()) {
    const { person } = await createPerson(as, {
      organisationId: ids.get('coop1')!,
      kind: 'miner',
      operatingZones: ['ZEA-LUA-01'],
      ...m,
    });
    await createLicence(as, {
      holderOrganisationId: ids.get('coop1')!,
      holderPersonId: person.id,
      type: 'artisanal_miner_card',
      number: m.cardNumber,
      issuer: 'SAEMAPE Lualaba',
      zoneCode: 'ZEA-LUA-01',
      validFrom: '2025-09-01',
      validUntil: i === 1 ? '2026-08-31' : '2027-08-31',
    });
  }
  step('people');

  // KYC: verified with evidence, one rejected, one verified long ago and now expired.
  for (const o of DEMO_ORGANISATIONS.filter((x) => x.kyc)) {
    const id = ids.get(o.key)!;
    const past = o.kyc === 'expired';
    const at: AuthedContext = past ? { ...as, clock: () => addMonths(now, -14) } : as;
    const doc = await uploadDocument(at, id, {
      kind: 'registration_certificate',
      filename: `rccm-${o.key}.pdf`,
      declaredType: 'application/pdf',
      content: DEMO_EVIDENCE_PDF,
    });
    const { version } = await getOrganisation(at, id);
    await reviewKyc(at, id, {
      decision: o.kyc === 'rejected' ? 'rejected' : 'verified',
      reason: o.kyc === 'rejected' ? "Le registre de commerce présenté ne correspond pas à l'entité" : null,
      documentIds: o.kyc === 'rejected' ? [] : [doc.id],
      version,
    });
  }
  step('kyc');
  await seedAssessments(
    daysAgo(45),
    { assessor: principals.get('assessor')!, analyst: principals.get('analyst')! },
    siteIds,
    admin.organisationId,
  );
  step('assessments');
  await seedMonitoring(
    ctx,
    {
      monitor: principals.get('monitor')!,
      analyst: principals.get('analyst')!,
      secondAnalyst: principals.get('analyst2')!,
      grievance: principals.get('grievance_officer')!,
      downstream: principals.get('downstream')!,
    },
    siteIds,
    ids,
  );
  step('monitoring');
  await seedCustody(
    ctx,
    {
      cooperative: principals.get('cooperative_manager')!,
      buyer: principals.get('buyer')!,
      analyst: principals.get('analyst')!,
    },
    siteIds,
    ids,
  );
  step('custody');
  const screening = await seedScreening(as, shiftDays(400));
  ids.set('screening-parent', screening.parent);
  ids.set('screening-company', screening.company);
  step('screening');
  await seedFunding(
    ctx,
    {
      admin,
      analyst: principals.get('analyst')!,
      monitor: principals.get('monitor')!,
      downstream: principals.get('downstream')!,
      funder: principals.get('funder')!,
      egc: principals.get('egc')!,
      buyer: principals.get('buyer')!,
    },
    siteIds,
    ids,
    async (siteId) =>
      (
        await ctx.db.query<{ id: string }>('SELECT id FROM incidents WHERE site_id = $1 ORDER BY code', [
          siteId,
        ])
      ).rows.map((r) => r.id),
  );
  step('funding');
  await seedZones(ctx, { admin, cooperative: principals.get('cooperative_manager')! }, DEFAULT_MAX_VERTICES);
  step('zones');
  return { organisations: ids.size, users: DEMO_USERS.length, sites: DEMO_SITES.length };
}
