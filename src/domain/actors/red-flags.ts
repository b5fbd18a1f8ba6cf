import { describePath, type PathStep } from '../screening/exposure.ts';
import { isKycExpired, type KycState } from './kyc.ts';

export interface LicenceFacts {
  id: string;
  type: string;
  number: string;
  zoneCode: string | null;
  /** First day in force, 'YYYY-MM-DD'. */
  validFrom: string;
  /** Last day in force, 'YYYY-MM-DD', or null for no end. */
  validUntil: string | null;
  /** Who issued it (a public authority), when known. */
  issuer?: string;
}

export type RedFlag =
  | {
      code: 'licence_expired';
      /** Only for the licence holder and registry staff (see redactForOutsider). */
      licenceId?: string;
      licenceNumber?: string;
      licenceType: string;
      licenceIssuer?: string;
      date: string;
      message: string;
    }
  | { code: 'licence_outside_zone'; zone: string; message: string }
  /** A site the actor operates lies in no artisanal zone or concession area set aside for artisanal mining. */
  | { code: 'site_outside_zone'; siteCode: string; message: string }
  | { code: 'no_valid_licence'; message: string }
  | { code: 'kyc_expired'; date: string; message: string }
  | { code: 'kyc_rejected'; message: string }
  | { code: 'possible_minor'; birthYear: number; message: string }
  | {
      /** A confirmed match with a sanctions list (or, `pep_match`, a list of politically exposed persons). */
      code: 'sanctions_hit' | 'pep_match';
      relation: 'self' | 'person' | 'owned_by' | 'owns';
      listName: string;
      reference: string;
      /** How the listed actor leads to this one, step by step with the shares; only for insiders and registry staff. */
      path?: PathStep[];
      message: string;
    };

/** A confirmed hit as an actor's red flags see it (src/domain/screening/exposure.ts computes them). */
export interface ListedFacts {
  relation: 'self' | 'person' | 'owned_by' | 'owns';
  listKind: 'sanctions' | 'pep';
  listName: string;
  reference: string;
  /** From the listed actor to this one (src/domain/screening/exposure.ts). */
  path: PathStep[];
}

export interface ActorFacts {
  /** Whether the actor may only work in zones its licences name (cooperatives, traders, miners). */
  zoned: boolean;
  /** Zones (ZEA or concession codes) where the actor is seen operating. */
  operatingZones: readonly string[];
  licences: readonly LicenceFacts[];
  kyc: KycState | null;
  birthYear?: number | null;
  /** Confirmed list matches concerning the actor, itself or through its people and ownership. */
  listed?: readonly ListedFacts[];
  /** Codes of the sites it operates that lie in no zone in force (src/domain/sites/zones.ts). */
  sitesOutsideZones?: readonly string[];
}

const LISTED_WORDS: Record<ListedFacts['relation'], string> = {
  self: 'is on',
  person: 'has a person on',
  owned_by: 'is owned by an actor on',
  owns: 'owns an organisation concerned by',
};

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Whether a licence is in force on the (UTC) day of the given instant. */
export function isLicenceValid(licence: LicenceFacts, now: Date): boolean {
  const today = day(now);
  return licence.validFrom <= today && (licence.validUntil === null || today <= licence.validUntil);
}

/** Computes the red flags of an organisation or person from its licences, zones and KYC. */
export function computeRedFlags(facts: ActorFacts, now: Date): RedFlag[] {
  const flags: RedFlag[] = [];
  const valid = facts.licences.filter((l) => isLicenceValid(l, now));

  for (const licence of facts.licences) {
    const expired = licence.validUntil !== null && licence.validUntil < day(now);
    // A licence renewed by another of the same type and zone is history, not a flag.
    const renewed = valid.some((v) => v.type === licence.type && v.zoneCode === licence.zoneCode);
    if (expired && !renewed) {
      flags.push({
        code: 'licence_expired',
        licenceId: licence.id,
        licenceNumber: licence.number,
        licenceType: licence.type,
        ...(licence.issuer ? { licenceIssuer: licence.issuer } : {}),
        date: licence.validUntil!,
        message: `licence ${licence.number} (${licence.type}) expired on ${licence.validUntil}`,
      });
    }
  }

  if (facts.zoned) {
    if (facts.licences.length === 0) {
      flags.push({ code: 'no_valid_licence', message: 'no licence or card on record' });
    }
    const covered = new Set(valid.map((l) => l.zoneCode).filter((z) => z !== null));
    for (const zone of [...new Set(facts.operatingZones)].sort()) {
      if (!covered.has(zone)) {
        flags.push({
          code: 'licence_outside_zone',
          zone,
          message: `operates in zone ${zone} without a valid licence for that zone`,
        });
      }
    }
  }

  for (const siteCode of facts.sitesOutsideZones ?? []) {
    flags.push({
      code: 'site_outside_zone',
      siteCode,
      message: `operates site ${siteCode}, which lies in no artisanal zone or area set aside for artisanal mining`,
    });
  }

  if (facts.kyc && isKycExpired(facts.kyc, now)) {
    const date = day(facts.kyc.expiresAt!);
    flags.push({ code: 'kyc_expired', date, message: `KYC verification expired on ${date}` });
  }
  if (facts.kyc?.status === 'rejected') {
    flags.push({ code: 'kyc_rejected', message: 'KYC was rejected' });
  }
  if (facts.birthYear != null && now.getUTCFullYear() - facts.birthYear <= 18) {
    flags.push({
      code: 'possible_minor',
      birthYear: facts.birthYear,
      message: `born in ${facts.birthYear}: may be under 18`,
    });
  }
  for (const l of facts.listed ?? []) {
    flags.push({
      code: l.listKind === 'sanctions' ? 'sanctions_hit' : 'pep_match',
      relation: l.relation,
      listName: l.listName,
      reference: l.reference,
      path: l.path,
      message: `${LISTED_WORDS[l.relation]} ${l.listName} (${l.reference}): ${describePath(l.path)}`,
    });
  }
  return flags;
}

/**
 * The red flags as shown outside the flagged actor's organisation: the fact (which kind of licence expired
 * on which day, issued by whom) without the licence's number or id, which stay private to the holder and
 * registry staff.
 */
export function redactForOutsider(flags: readonly RedFlag[]): RedFlag[] {
  return flags.map((flag) => {
    // Who the listed person is, and the chain of owners, stay with the registry.
    if (flag.code === 'sanctions_hit' || flag.code === 'pep_match') {
      const { path: _path, ...fact } = flag;
      return { ...fact, message: `${LISTED_WORDS[flag.relation]} ${flag.listName} (${flag.reference})` };
    }
    if (flag.code !== 'licence_expired') return flag;
    const { licenceId: _id, licenceNumber: _number, ...fact } = flag;
    return { ...fact, message: `a licence (${flag.licenceType}) expired on ${flag.date}` };
  });
}
