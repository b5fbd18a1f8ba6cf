/**
 * The published data dictionary of the open data: every file and every column, in French, English and Swahili.
 * It is open data itself (served as JSON and shown on the public page), so it lives here beside the files it
 * describes rather than in the web app's catalogues.
 */

type Words = { fr: string; en: string; sw: string };
export interface DatasetEntry {
  name: string;
  path: string;
  format: 'csv' | 'geojson' | 'json';
  description: Words;
  fields: { name: string; type: string; description: Words }[];
}

const BASE = '/api/public/transparency';

const code: DatasetEntry['fields'][number] = {
  name: 'code',
  type: 'text',
  description: { fr: 'Code du site minier', en: 'Mine site code', sw: 'Msimbo wa eneo la mgodi' },
};
const siteFields: DatasetEntry['fields'] = [
  code,
  { name: 'name', type: 'text', description: { fr: 'Nom du site', en: 'Site name', sw: 'Jina la eneo' } },
  { name: 'province', type: 'text', description: { fr: 'Province', en: 'Province', sw: 'Mkoa' } },
  { name: 'territory', type: 'text', description: { fr: 'Territoire', en: 'Territory', sw: 'Wilaya' } },
  {
    name: 'minerals',
    type: 'text list',
    description: {
      fr: 'Minerais extraits (séparés par « ; » en CSV)',
      en: 'Minerals mined (separated by “;” in CSV)',
      sw: 'Madini yanayochimbwa (yakitenganishwa na “;” katika CSV)',
    },
  },
  {
    name: 'status',
    type: 'blue | green | yellow | red',
    description: {
      fr: 'Statut du site à la date de publication (couleurs CIRGL)',
      en: 'Site status at the publication date (ICGLR colours)',
      sw: 'Hali ya eneo katika tarehe ya uchapishaji (rangi za ICGLR)',
    },
  },
  {
    name: 'status_since',
    type: 'ISO-8601 date-time',
    description: { fr: 'Depuis quand ce statut', en: 'Since when that status', sw: 'Tangu lini hali hiyo' },
  },
  {
    name: 'location',
    type: 'exact | rounded | withheld',
    description: {
      fr: 'Position exacte, arrondie au dixième de degré (≈ 11 km) ou retenue pour la sécurité',
      en: 'Position exact, rounded to a tenth of a degree (≈ 11 km), or withheld for security',
      sw: 'Mahali kamili, palipokadiriwa hadi sehemu ya kumi ya digrii (≈ km 11), au pamefichwa kwa usalama',
    },
  },
  {
    name: 'longitude, latitude',
    type: 'decimal degrees (WGS 84)',
    description: {
      fr: 'Point représentatif du site (vide si retenu)',
      en: 'Representative point of the site (empty when withheld)',
      sw: 'Nukta inayowakilisha eneo (tupu ikiwa imefichwa)',
    },
  },
];

/** Every open-data file. */
export const DATASETS: DatasetEntry[] = [
  {
    name: 'sites',
    path: `${BASE}/sites.csv`,
    format: 'csv',
    description: {
      fr: 'Sites miniers et leur statut à la date de publication',
      en: 'Mine sites and their status at the publication date',
      sw: 'Maeneo ya migodi na hali yao katika tarehe ya uchapishaji',
    },
    fields: siteFields,
  },
  {
    name: 'sites-geojson',
    path: `${BASE}/sites.geojson`,
    format: 'geojson',
    description: {
      fr: 'Les mêmes sites en GeoJSON ; la géométrie est nulle quand la position est retenue',
      en: 'The same sites as GeoJSON; the geometry is null when the position is withheld',
      sw: 'Maeneo hayo hayo kwa GeoJSON; jiometri ni tupu mahali palipofichwa',
    },
    fields: siteFields.filter((f) => f.name !== 'longitude, latitude'),
  },
  {
    name: 'volumes',
    path: `${BASE}/volumes.csv`,
    format: 'csv',
    description: {
      fr: 'Minerai étiqueté par site et par mois entier (sacs, à leur date de production)',
      en: 'Ore tagged by site and whole month (sacks, at their production time)',
      sw: 'Madini yaliyowekwa lebo kwa kila eneo na mwezi mzima (magunia, kwa wakati wa uzalishaji)',
    },
    fields: [
      { ...code, name: 'site_code' },
      {
        name: 'month',
        type: 'YYYY-MM',
        description: { fr: 'Mois (UTC)', en: 'Month (UTC)', sw: 'Mwezi (UTC)' },
      },
      {
        name: 'sacks',
        type: 'integer',
        description: { fr: 'Nombre de sacs', en: 'Number of sacks', sw: 'Idadi ya magunia' },
      },
      {
        name: 'mass_kg',
        type: 'decimal',
        description: { fr: 'Masse de minerai, kg', en: 'Ore mass, kg', sw: 'Uzito wa madini, kg' },
      },
      {
        name: 'cobalt_kg',
        type: 'decimal',
        description: {
          fr: 'Cobalt contenu (masse × teneur), kg',
          en: 'Contained cobalt (mass × grade), kg',
          sw: 'Kobalti iliyomo (uzito × kiwango), kg',
        },
      },
    ],
  },
  {
    name: 'incidents',
    path: `${BASE}/incidents.csv`,
    format: 'csv',
    description: {
      fr: 'Incidents clos, comptés par semestre, catégorie et niveau, une fois le semestre terminé',
      en: 'Closed incidents counted by half-year, category and level, once the half-year has ended',
      sw: 'Matukio yaliyofungwa, yakihesabiwa kwa nusu mwaka, aina na kiwango, baada ya nusu mwaka kwisha',
    },
    fields: [
      {
        name: 'period',
        type: 'YYYY-H1 | YYYY-H2',
        description: {
          fr: 'Semestre du signalement',
          en: 'Half-year of the report',
          sw: 'Nusu mwaka wa ripoti',
        },
      },
      {
        name: 'category',
        type: 'text',
        description: {
          fr: 'Catégorie de risque (Annexe II de l’OCDE ou autre)',
          en: 'Risk category (OECD Annex II or other)',
          sw: 'Aina ya hatari (Kiambatisho II cha OECD au nyingine)',
        },
      },
      {
        name: 'level',
        type: '1 | 2 | 3',
        description: {
          fr: 'Niveau : 1 grave, 2 significatif, 3 procédural',
          en: 'Level: 1 serious, 2 significant, 3 procedural',
          sw: 'Kiwango: 1 kubwa, 2 muhimu, 3 cha utaratibu',
        },
      },
      { name: 'count', type: 'integer', description: { fr: 'Nombre', en: 'Count', sw: 'Idadi' } },
    ],
  },
];
