import type { Role } from '../domain/access/roles.ts';
import type { ChainRole } from '../domain/actors/chain-roles.ts';

/** A small, realistic Lualaba / Haut-Katanga world for demonstrations and browser tests. */
export const DEMO_PASSWORD = 'amana-demo-2026';
export const DEMO_DOMAIN = 'demo.amana.test';

export interface DemoOrganisation {
  key: string;
  legalName: string;
  chainRoles: ChainRole[];
  rccm?: string;
  city: string;
  province: string;
  country?: string;
  zones?: string[];
  kyc?: 'verified' | 'rejected' | 'expired';
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    key: 'operator',
    legalName: 'Programme Amana de démonstration',
    chainRoles: ['operator'],
    city: 'Kolwezi',
    province: 'Lualaba',
  },
  {
    key: 'regulator',
    legalName: 'SAEMAPE – Antenne du Lualaba',
    chainRoles: ['regulator'],
    city: 'Kolwezi',
    province: 'Lualaba',
  },
  {
    key: 'civil',
    legalName: 'Observatoire citoyen des mines du Katanga',
    chainRoles: ['civil_society'],
    city: 'Lubumbashi',
    province: 'Haut-Katanga',
  },
  {
    key: 'coop1',
    legalName: 'Coopérative minière Tujenge Kolwezi',
    chainRoles: ['cooperative'],
    rccm: 'CD/KZI/RCCM/19-B-00123',
    city: 'Kolwezi',
    province: 'Lualaba',
    zones: ['ZEA-LUA-01'],
    kyc: 'verified',
  },
  {
    key: 'coop2',
    legalName: 'Coopérative minière Umoja Mutoshi',
    chainRoles: ['cooperative'],
    rccm: 'CD/KZI/RCCM/20-B-00457',
    city: 'Kolwezi',
    province: 'Lualaba',
    zones: ['ZEA-LUA-02'],
    kyc: 'verified',
  },
  {
    key: 'coop3',
    legalName: 'Coopérative Tumaini Musompo',
    chainRoles: ['cooperative'],
    rccm: 'CD/KZI/RCCM/21-B-00089',
    city: 'Kolwezi',
    province: 'Lualaba',
    zones: ['ZEA-LUA-03'],
    kyc: 'expired',
  },
  {
    key: 'coop4',
    legalName: 'Coopérative des artisans miniers de Kambove',
    chainRoles: ['cooperative'],
    rccm: 'CD/LSH/RCCM/18-B-01234',
    city: 'Likasi',
    province: 'Haut-Katanga',
    zones: ['ZEA-HK-01'],
    kyc: 'verified',
  },
  {
    key: 'coop5',
    legalName: 'Coopérative Kazi Njema Likasi',
    chainRoles: ['cooperative'],
    rccm: 'CD/LSH/RCCM/22-B-00310',
    city: 'Likasi',
    province: 'Haut-Katanga',
    zones: ['ZEA-HK-02'],
  },
  {
    key: 'coop6',
    legalName: 'Coopérative artisanale Lualaba ya Sasa',
    chainRoles: ['cooperative'],
    rccm: 'CD/KZI/RCCM/23-B-00602',
    city: 'Kolwezi',
    province: 'Lualaba',
    zones: ['ZEA-LUA-04'],
    kyc: 'rejected',
  },
  {
    key: 'trader1',
    legalName: 'Ets Mwamba Négoce',
    chainRoles: ['trader'],
    rccm: 'CD/KZI/RCCM/17-A-00871',
    city: 'Kolwezi',
    province: 'Lualaba',
    zones: ['ZEA-LUA-01'],
    kyc: 'verified',
  },
  {
    key: 'trader2',
    legalName: 'Kalenga Trading SARL',
    chainRoles: ['trader'],
    rccm: 'CD/KZI/RCCM/19-B-00940',
    city: 'Kolwezi',
    province: 'Lualaba',
    zones: ['ZEA-LUA-02', 'ZEA-LUA-03'],
  },
  {
    key: 'trader3',
    legalName: 'Ets Kyungu et Fils',
    chainRoles: ['trader'],
    rccm: 'CD/LSH/RCCM/16-A-02231',
    city: 'Likasi',
    province: 'Haut-Katanga',
    zones: ['ZEA-HK-01'],
    kyc: 'verified',
  },
  {
    key: 'trader4',
    legalName: 'Lukasu Minerals SARLU',
    chainRoles: ['trader'],
    rccm: 'CD/LSH/RCCM/21-B-03105',
    city: 'Likasi',
    province: 'Haut-Katanga',
    zones: ['ZEA-HK-02'],
  },
  {
    key: 'depot1',
    legalName: 'Comptoir Kolwezi Cobalt SARL',
    chainRoles: ['depot'],
    rccm: 'CD/KZI/RCCM/15-B-00077',
    city: 'Kolwezi',
    province: 'Lualaba',
    kyc: 'verified',
  },
  {
    key: 'depot2',
    legalName: 'Dépôt Likasi Minerals SA',
    chainRoles: ['depot'],
    rccm: 'CD/LSH/RCCM/14-B-00512',
    city: 'Likasi',
    province: 'Haut-Katanga',
    kyc: 'verified',
  },
  {
    key: 'processor',
    legalName: 'Lualaba Hydroxide Processing SA',
    chainRoles: ['processor'],
    rccm: 'CD/KZI/RCCM/18-B-00201',
    city: 'Kolwezi',
    province: 'Lualaba',
    kyc: 'verified',
  },
  {
    key: 'egc',
    legalName: 'Entreprise Générale du Cobalt',
    chainRoles: ['state_buyer', 'exporter'],
    rccm: 'CD/KIN/RCCM/19-B-01501',
    city: 'Lubumbashi',
    province: 'Haut-Katanga',
    kyc: 'verified',
  },
  {
    key: 'refiner1',
    legalName: 'Nordkobolt Refining AB',
    chainRoles: ['refiner'],
    city: 'Kokkola',
    province: 'Keski-Pohjanmaa',
    country: 'FI',
    kyc: 'verified',
  },
  {
    key: 'refiner2',
    legalName: 'Huayang Cobalt Materials Co., Ltd.',
    chainRoles: ['refiner'],
    city: 'Quzhou',
    province: 'Zhejiang',
    country: 'CN',
    kyc: 'verified',
  },
  {
    key: 'brand1',
    legalName: 'Voltaire Batteries SE',
    chainRoles: ['manufacturer'],
    city: 'Lyon',
    province: 'Auvergne-Rhône-Alpes',
    country: 'FR',
  },
  {
    key: 'brand2',
    legalName: 'Kivuli Motors GmbH',
    chainRoles: ['manufacturer'],
    city: 'Stuttgart',
    province: 'Baden-Württemberg',
    country: 'DE',
  },
];

/** Demo users: ROLE@demo.amana.test, all with DEMO_PASSWORD. */
/** Demo users; `also` gives a second organisation the user may switch to. */
export const DEMO_USERS: { local: string; name: string; role: Role; organisation: string; also?: string }[] =
  [
    { local: 'admin', name: 'Amani Kabeya', role: 'admin', organisation: 'operator' },
    { local: 'analyst', name: 'Grace Mbuyi', role: 'analyst', organisation: 'operator' },
    { local: 'assessor', name: 'Patrick Tshibangu', role: 'assessor', organisation: 'operator' },
    { local: 'monitor', name: 'Espérance Ilunga', role: 'monitor', organisation: 'operator' },
    { local: 'grievance', name: 'Josée Kalala', role: 'grievance_officer', organisation: 'civil' },
    {
      local: 'cooperative',
      name: 'Jean-Marie Mukendi',
      role: 'cooperative_manager',
      organisation: 'coop1',
      // Manages a second cooperative too, so the demo shows the organisation switch.
      also: 'coop2',
    },
    { local: 'buyer', name: 'Didier Kasongo', role: 'buyer', organisation: 'depot1' },
    { local: 'downstream', name: 'Ingrid Lindqvist', role: 'downstream', organisation: 'refiner1' },
    { local: 'regulator', name: 'Célestin Numbi', role: 'regulator', organisation: 'regulator' },
    // A second incident officer: under four eyes, the one who verifies what the first reported.
    { local: 'analyst2', name: 'Rachel Kapinga', role: 'analyst', organisation: 'operator' },
    // A third-party verifier from the civil-society partner; reads nothing until an administrator grants access.
    { local: 'auditor', name: 'Aline Mwamba', role: 'auditor', organisation: 'civil' },
    // A member of the pooled fund's committee besides the refiner, and the state buyer that sets the floor price.
    { local: 'funder', name: 'Claire Fontaine', role: 'downstream', organisation: 'brand1' },
    { local: 'egc', name: 'Patience Mwenze', role: 'buyer', organisation: 'egc' },
  ];

export interface DemoSite {
  code: string;
  name: string;
  province: string;
  territory: string;
  zone: string;
  concession?: string;
  centre: [number, number];
  /** Half-width of the square outline, in degrees. */
  size: number;
  cooperative: string;
  workforce: number;
  pits: number;
  capacityKgMonth: number;
  gradePct: number;
}

export const DEMO_SITES: DemoSite[] = [
  {
    code: 'KZI-001',
    name: 'Kasulo',
    province: 'Lualaba',
    territory: 'Kolwezi',
    zone: 'ZEA-LUA-01',
    centre: [25.4745, -10.7046],
    size: 0.004,
    cooperative: 'coop1',
    workforce: 1400,
    pits: 210,
    capacityKgMonth: 180000,
    gradePct: 8.5,
  },
  {
    code: 'KZI-002',
    name: 'Kapata',
    province: 'Lualaba',
    territory: 'Kolwezi',
    zone: 'ZEA-LUA-01',
    centre: [25.521, -10.7452],
    size: 0.003,
    cooperative: 'coop1',
    workforce: 600,
    pits: 80,
    capacityKgMonth: 70000,
    gradePct: 6.0,
  },
  {
    code: 'KZI-003',
    name: 'Shabara (Mutoshi)',
    province: 'Lualaba',
    territory: 'Mutshatsha',
    zone: 'ZEA-LUA-02',
    concession: 'PE 539',
    centre: [25.3512, -10.6518],
    size: 0.006,
    cooperative: 'coop2',
    workforce: 5000,
    pits: 640,
    capacityKgMonth: 600000,
    gradePct: 9.0,
  },
  {
    code: 'KZI-004',
    name: 'Kamilombe',
    province: 'Lualaba',
    territory: 'Kolwezi',
    zone: 'ZEA-LUA-02',
    centre: [25.405, -10.7305],
    size: 0.003,
    cooperative: 'coop2',
    workforce: 900,
    pits: 120,
    capacityKgMonth: 95000,
    gradePct: 7.2,
  },
  {
    code: 'KZI-005',
    name: 'Musompo',
    province: 'Lualaba',
    territory: 'Kolwezi',
    zone: 'ZEA-LUA-03',
    centre: [25.5565, -10.689],
    size: 0.004,
    cooperative: 'coop3',
    workforce: 1200,
    pits: 150,
    capacityKgMonth: 130000,
    gradePct: 5.5,
  },
  {
    code: 'KZI-006',
    name: 'Tulizembe',
    province: 'Lualaba',
    territory: 'Kolwezi',
    zone: 'ZEA-LUA-03',
    centre: [25.4392, -10.6611],
    size: 0.0025,
    cooperative: 'coop3',
    workforce: 450,
    pits: 60,
    capacityKgMonth: 40000,
    gradePct: 4.8,
  },
  {
    code: 'KZI-007',
    name: 'Kanina',
    province: 'Lualaba',
    territory: 'Kolwezi',
    zone: 'ZEA-LUA-04',
    centre: [25.4901, -10.6302],
    size: 0.003,
    cooperative: 'coop6',
    workforce: 700,
    pits: 95,
    capacityKgMonth: 60000,
    gradePct: 6.4,
  },
  {
    code: 'LKS-001',
    name: 'Kambove Ouest',
    province: 'Haut-Katanga',
    territory: 'Kambove',
    zone: 'ZEA-HK-01',
    centre: [26.5802, -10.8731],
    size: 0.004,
    cooperative: 'coop4',
    workforce: 1100,
    pits: 140,
    capacityKgMonth: 110000,
    gradePct: 7.8,
  },
  {
    code: 'LKS-002',
    name: 'Kakanda',
    province: 'Haut-Katanga',
    territory: 'Kambove',
    zone: 'ZEA-HK-01',
    centre: [26.4205, -10.7398],
    size: 0.0035,
    cooperative: 'coop4',
    workforce: 800,
    pits: 100,
    capacityKgMonth: 85000,
    gradePct: 6.9,
  },
  {
    code: 'LKS-003',
    name: 'Mulungwishi',
    province: 'Haut-Katanga',
    territory: 'Kambove',
    zone: 'ZEA-HK-02',
    centre: [26.641, -10.7702],
    size: 0.003,
    cooperative: 'coop5',
    workforce: 500,
    pits: 70,
    capacityKgMonth: 45000,
    gradePct: 5.1,
  },
  {
    code: 'LKS-004',
    name: 'Luisha',
    province: 'Haut-Katanga',
    territory: 'Kambove',
    zone: 'ZEA-HK-02',
    centre: [27.0145, -11.1702],
    size: 0.003,
    cooperative: 'coop5',
    workforce: 650,
    pits: 85,
    capacityKgMonth: 52000,
    gradePct: 5.9,
  },
  {
    code: 'LKS-005',
    name: 'Shituru',
    province: 'Haut-Katanga',
    territory: 'Likasi',
    zone: 'ZEA-HK-02',
    centre: [26.7552, -10.9901],
    size: 0.002,
    cooperative: 'coop5',
    workforce: 300,
    pits: 35,
    capacityKgMonth: 25000,
    gradePct: 4.2,
  },
];

/** A minimal valid PDF, the stand-in for scanned evidence in the demo. */
export const DEMO_EVIDENCE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/**
 * The screening demo: a trader whose managing director bears a variant of the name of an individual on the UN
 * list's DRC regime (CDi.035, GÉDÉON KYUNGU MUTANGA WA BAFUNKWA KANONGA: other order, another spelling, no accents),
 * and the group holding most of it. Importing the UN list raises the hit for review.
 */
export const DEMO_SCREENING = {
  parent: {
    legalName: 'Groupe Lomami Minerals SA',
    rccm: 'CD/LSH/RCCM/17-B-00432',
    city: 'Lubumbashi',
    province: 'Haut-Katanga',
  },
  company: {
    legalName: 'Tanganyika Minerals Négoce SARL',
    rccm: 'CD/KZI/RCCM/22-B-00777',
    city: 'Kolwezi',
    province: 'Lualaba',
    zone: 'ZEA-LUA-01',
  },
  /** The parent's share of the company, in percent. */
  share: 70,
  director: { fullName: 'KIUNGU MUTANGA Gedeon', position: 'Directeur général', birthYear: 1974 },
  listed: { reference: 'CDi.035', name: 'GÉDÉON KYUNGU MUTANGA WA BAFUNKWA KANONGA' },
} as const;
