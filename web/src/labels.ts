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

/** The roles an organisation may play in the chain, in the server's order. */
export const CHAIN_ROLE_CODES = Object.keys(CHAIN_ROLES);

const USER_ROLES: Record<string, Partial<Record<Locale, string>>> = {
  admin: { fr: 'administrateur', en: 'administrator' },
  analyst: { fr: 'analyste', en: 'analyst' },
  assessor: { fr: 'évaluateur', en: 'assessor' },
  monitor: { fr: 'moniteur de terrain', en: 'field monitor', sw: 'mfuatiliaji wa eneo' },
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

const MINERALS: Record<string, Partial<Record<Locale, string>>> = {
  cobalt: { fr: 'cobalt', en: 'cobalt', sw: 'kobalti' },
  copper: { fr: 'cuivre', en: 'copper', sw: 'shaba' },
  gold: { fr: 'or', en: 'gold' },
  tin: { fr: 'étain', en: 'tin' },
  tantalum: { fr: 'tantale', en: 'tantalum' },
  tungsten: { fr: 'tungstène', en: 'tungsten' },
  lithium: { fr: 'lithium', en: 'lithium' },
  other: { fr: 'autre', en: 'other' },
};

/** The minerals a site may produce, in the server's order. */
export const MINERAL_CODES = Object.keys(MINERALS);
/** Where the DR Congo's artisanal cobalt and copper sites are. */
export const PROVINCES = [
  'Lualaba',
  'Haut-Katanga',
  'Haut-Lomami',
  'Tanganyika',
  'Sud-Kivu',
  'Nord-Kivu',
  'Ituri',
  'Maniema',
];

const RISK_CATEGORIES: Record<string, Partial<Record<Locale, string>>> = {
  serious_abuses: { fr: 'abus graves', en: 'serious abuses' },
  armed_groups: { fr: 'groupes armés', en: 'armed groups' },
  security_forces: { fr: 'forces de sécurité', en: 'security forces' },
  bribery_fraud: { fr: 'corruption et fraude', en: 'bribery and fraud' },
  money_laundering: { fr: 'blanchiment', en: 'money laundering' },
  taxes_royalties: { fr: 'taxes et redevances', en: 'taxes and royalties' },
  legality: { fr: 'légalité', en: 'legality' },
  child_labour: { fr: 'travail des enfants', en: 'child labour' },
  occupational_health_safety: { fr: 'santé et sécurité au travail', en: 'occupational health and safety' },
  environment: { fr: 'environnement', en: 'environment' },
  community: { fr: 'communautés', en: 'community' },
  gender: { fr: 'genre', en: 'gender' },
  governance: { fr: 'gouvernance', en: 'governance' },
  fraud_origin: { fr: 'fraude sur l’origine', en: 'origin fraud' },
};

/** The risk categories an incident may carry, in the server's order. */
export const RISK_CATEGORY_CODES = Object.keys(RISK_CATEGORIES).filter((c) => c !== 'fraud_origin');

const INDICATORS: Record<string, Partial<Record<Locale, string>>> = {
  headCount: { fr: 'personnes sur le site', en: 'people on site', sw: 'watu kwenye eneo' },
  childrenSeen: { fr: 'enfants vus', en: 'children seen', sw: 'watoto walioonekana' },
  pregnantWomenSeen: {
    fr: 'femmes enceintes vues',
    en: 'pregnant women seen',
    sw: 'wanawake wajawazito walioonekana',
  },
  ppeSharePct: {
    fr: 'part équipée d’EPI (%)',
    en: 'share wearing PPE (%)',
    sw: 'asilimia wenye vifaa vya kujikinga (%)',
  },
  securityForcesPresent: {
    fr: 'forces de sécurité présentes',
    en: 'security forces present',
    sw: 'vikosi vya usalama vipo',
  },
  armedPeoplePresent: {
    fr: 'personnes armées présentes',
    en: 'armed people present',
    sw: 'watu wenye silaha wapo',
  },
  accidents: { fr: 'accidents', en: 'accidents', sw: 'ajali' },
  injuries: { fr: 'blessés', en: 'injuries', sw: 'majeruhi' },
  fatalities: { fr: 'décès', en: 'fatalities', sw: 'vifo' },
  productionKg: { fr: 'production (kg)', en: 'production (kg)', sw: 'uzalishaji (kg)' },
};

const pick = (table: Record<string, Partial<Record<Locale, string>>>, key: string, locale: Locale) =>
  table[key]?.[locale] ?? table[key]?.en ?? key;

export const chainRoleLabel = (role: string, locale: Locale) => pick(CHAIN_ROLES, role, locale);
export const userRoleLabel = (role: string, locale: Locale) => pick(USER_ROLES, role, locale);
export const mineralLabel = (mineral: string, locale: Locale) => pick(MINERALS, mineral, locale);
export const riskCategoryLabel = (c: string, locale: Locale) => pick(RISK_CATEGORIES, c, locale);
export const indicatorLabel = (i: string, locale: Locale) => pick(INDICATORS, i, locale);
export const licenceTypeLabel = (type: string, locale: Locale) => pick(LICENCE_TYPES, type, locale);

/** A red flag in the reader's language, built from its code and facts; the server's sentence otherwise. */
export function redFlagText(flag: RedFlag, locale: Locale): string {
  const fr = locale === 'fr';
  switch (flag.code) {
    case 'licence_expired': {
      const type = licenceTypeLabel(flag.licenceType ?? 'other', locale);
      // Outside the holder's organisation the number is not sent: the fact alone.
      if (!flag.licenceNumber)
        return fr ? `${type} expiré(e) le ${flag.date}` : `${type} expired on ${flag.date}`;
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
