import type { TFunction } from 'i18next';
import { CHAIN_ROLES, type ChainRole } from '../../../../src/domain/actors/chain-roles.ts';
import type { Answer } from '../../api/client.ts';

/** A red flag as the API sends it: a stable code and the facts behind it. */
export type RedFlag = Answer<'/api/organisations/{id}'>['redFlags'][number];

const LICENCE_TYPES = [
  'artisanal_miner_card',
  'cooperative_approval',
  'trader_card',
  'depot_licence',
  'processing_licence',
  'export_licence',
  'mining_permit',
  'other',
] as const satisfies readonly Answer<'/api/licences/{id}'>['type'][];
export type LicenceType = (typeof LICENCE_TYPES)[number];
export { LICENCE_TYPES };

const isLicenceType = (x: string | undefined): x is LicenceType => LICENCE_TYPES.some((l) => l === x);

/** A licence type in the reader's language; one the web does not know yet keeps its code. */
export const licenceTypeText = (t: TFunction<'actors'>, type: string) =>
  isLicenceType(type) ? t(`licenceType.${type}`) : type;

/** A step of a path from a listed actor to an organisation concerned (see the screening area). */
export type PathStep = NonNullable<RedFlag['path']>[number];

/** A path from a listed actor in the reader's language: each name, and how it leads to the next, with the share. */
export function pathText(t: TFunction<'actors'>, path: readonly PathStep[]): string {
  return path
    .map((s) =>
      s.link ? `${s.name} (${t(`pathLink.${s.link.kind}`, { percent: s.link.percent ?? 0 })})` : s.name,
    )
    .join(' → ');
}

/** A red flag in the reader's language, built from its code and facts; the server's sentence otherwise. */
export function redFlagText(t: TFunction<'actors'>, flag: RedFlag): string {
  switch (flag.code) {
    case 'licence_expired':
      // Outside the holder's organisation the number is not sent: the fact alone.
      if (!flag.licenceNumber)
        return t('redFlag.licence_expired_unnumbered', {
          type: licenceTypeText(t, flag.licenceType ?? 'other'),
          date: flag.date,
        });
      return t('redFlag.licence_expired', {
        type: licenceTypeText(t, flag.licenceType ?? 'other'),
        number: flag.licenceNumber,
        date: flag.date,
      });
    case 'licence_outside_zone':
      return t('redFlag.licence_outside_zone', { zone: flag.zone });
    case 'site_outside_zone':
      return t('redFlag.site_outside_zone', { site: flag.siteCode });
    case 'no_valid_licence':
      return t('redFlag.no_valid_licence');
    case 'kyc_expired':
      return t('redFlag.kyc_expired', { date: flag.date });
    case 'kyc_rejected':
      return t('redFlag.kyc_rejected');
    case 'possible_minor':
      return t('redFlag.possible_minor', { birthYear: flag.birthYear });
    case 'sanctions_hit': {
      const text = t(`redFlag.sanctions_hit_${flag.relation ?? 'self'}`, {
        list: flag.listName,
        reference: flag.reference,
      });
      return flag.path ? t('redFlag.withPath', { flag: text, path: pathText(t, flag.path) }) : text;
    }
    case 'pep_match':
      return t('redFlag.pep_match', { list: flag.listName, reference: flag.reference });
    default:
      return flag.message;
  }
}

export const isChainRole = (x: string): x is ChainRole => CHAIN_ROLES.some((r) => r === x);

/** A chain role in the reader's language (the API lists them as strings); one the web does not know keeps its code. */
export const chainRoleText = (t: TFunction<'actors'>, role: string) =>
  isChainRole(role) ? t(`chainRole.${role}`) : role;
