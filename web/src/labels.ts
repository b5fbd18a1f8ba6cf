import type { Locale } from './i18n.ts';

/** A red flag as the API sends it: a stable code and the facts behind it. */
export interface RedFlag {
  code: string;
  message: string;
  licenceNumber?: string;
  licenceType?: string;
  date?: string;
  zone?: string;
  birthYear?: number;
}

const CHAIN_ROLES: Record<string, Partial<Record<Locale, string>>> = {
  cooperative: { fr: 'coopérative', en: 'cooperative' },
  trader: { fr: 'négociant', en: 'trader' },
  depot: { fr: 'comptoir / dépôt', en: 'depot' },
  processor: { fr: 'transformateur', en: 'processor' },
  exporter: { fr: 'exportateur', en: 'exporter' },
  state_buyer: { fr: 'acheteur public', en: 'state buyer' },
  refiner: { fr: 'raffineur', en: 'refiner' },
  manufacturer: { fr: 'fabricant', en: 'manufacturer' },
  operator: { fr: 'opérateur du mécanisme', en: 'mechanism operator' },
  regulator: { fr: 'régulateur', en: 'regulator' },
  civil_society: { fr: 'société civile', en: 'civil society' },
};

const USER_ROLES: Record<string, Partial<Record<Locale, string>>> = {
  admin: { fr: 'administrateur', en: 'administrator' },
  analyst: { fr: 'analyste', en: 'analyst' },
  assessor: { fr: 'évaluateur', en: 'assessor' },
  monitor: { fr: 'moniteur de terrain', en: 'field monitor' },
  grievance_officer: { fr: 'chargé des plaintes', en: 'grievance officer' },
  cooperative_manager: { fr: 'gestionnaire de coopérative', en: 'cooperative manager' },
  buyer: { fr: 'acheteur', en: 'buyer' },
  downstream: { fr: 'entreprise en aval', en: 'downstream company' },
  regulator: { fr: 'régulateur', en: 'regulator' },
};

const LICENCE_TYPES: Record<string, Partial<Record<Locale, string>>> = {
  artisanal_miner_card: { fr: 'carte de creuseur', en: "artisanal miner's card" },
  cooperative_approval: { fr: 'agrément de coopérative', en: 'cooperative approval' },
  trader_card: { fr: 'carte de négociant', en: 'trader card' },
  depot_licence: { fr: 'agrément de comptoir', en: 'depot licence' },
  processing_licence: { fr: 'autorisation de traitement', en: 'processing licence' },
  export_licence: { fr: "licence d'exportation", en: 'export licence' },
  mining_permit: { fr: "permis d'exploitation", en: 'mining permit' },
  other: { fr: 'autre', en: 'other' },
};

const pick = (table: Record<string, Partial<Record<Locale, string>>>, key: string, locale: Locale) =>
  table[key]?.[locale] ?? table[key]?.en ?? key;

export const chainRoleLabel = (role: string, locale: Locale) => pick(CHAIN_ROLES, role, locale);
export const userRoleLabel = (role: string, locale: Locale) => pick(USER_ROLES, role, locale);
export const licenceTypeLabel = (type: string, locale: Locale) => pick(LICENCE_TYPES, type, locale);

/** A red flag in the reader's language, built from its code and facts; the server's sentence otherwise. */
export function redFlagText(flag: RedFlag, locale: Locale): string {
  const fr = locale === 'fr';
  switch (flag.code) {
    case 'licence_expired': {
      const type = licenceTypeLabel(flag.licenceType ?? 'other', locale);
      return fr
        ? `${type} ${flag.licenceNumber} expiré(e) le ${flag.date}`
        : `${type} ${flag.licenceNumber} expired on ${flag.date}`;
    }
    case 'licence_outside_zone':
      return fr
        ? `opère dans la zone ${flag.zone} sans licence valide pour cette zone`
        : `operates in zone ${flag.zone} without a valid licence for that zone`;
    case 'no_valid_licence':
      return fr ? 'aucune licence ni carte enregistrée' : 'no licence or card on record';
    case 'kyc_expired':
      return fr ? `vérification KYC expirée le ${flag.date}` : `KYC verification expired on ${flag.date}`;
    case 'kyc_rejected':
      return fr ? 'KYC rejeté' : 'KYC was rejected';
    case 'possible_minor':
      return fr
        ? `né(e) en ${flag.birthYear} : peut-être mineur(e)`
        : `born in ${flag.birthYear}: may be under 18`;
    default:
      return flag.message;
  }
}
