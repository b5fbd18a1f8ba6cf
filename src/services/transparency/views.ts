import { z } from 'zod';
import { RISK_CATEGORIES } from '../../domain/criteria/criteria-set.ts';
import { MINERALS, SITE_STATUSES } from '../../domain/sites/site.ts';
import { PUBLIC_LOCATIONS } from '../../domain/transparency/transparency.ts';
import { siteGeometryView } from '../sites/views.ts';
import { isoDateTime } from '../views.ts';

/**
 * The answers of the public transparency view. Each answer is parsed through its view before it leaves, so a
 * field that is not declared here (a person, a reason in words, an operator) is dropped, never sent.
 */

const published = {
  asOf: isoDateTime.describe(
    'Every fact shown happened before this instant: now less the delay, at the start of a day',
  ),
  delayMonths: z.number().int().describe('Months the public view lags behind the record'),
};

export const publicSiteView = z.object({
  code: z.string(),
  name: z.string(),
  province: z.string(),
  territory: z.string().nullable(),
  minerals: z.array(z.enum(MINERALS)),
  status: z.enum(SITE_STATUSES).describe('The status the site had at `asOf`'),
  statusSince: isoDateTime,
  location: z
    .enum(PUBLIC_LOCATIONS)
    .describe('exact: the registered geometry; rounded: a point to a tenth of a degree; withheld: none'),
  geometry: siteGeometryView.nullable(),
});
export type PublicSiteView = z.output<typeof publicSiteView>;

export const publicOverviewView = z.object({
  ...published,
  statusCounts: z.object(
    Object.fromEntries(SITE_STATUSES.map((s) => [s, z.number().int()])) as Record<
      (typeof SITE_STATUSES)[number],
      z.ZodNumber
    >,
  ),
  sites: z.array(publicSiteView),
});

export const monthlyVolumeView = z.object({
  month: z.string().describe('YYYY-MM, UTC'),
  sacks: z.number().int(),
  massKg: z.number().describe('Ore tagged at the site that month, kilograms'),
  cobaltKg: z.number().describe('Contained cobalt (mass × grade), kilograms'),
});

export const publicSiteDetailView = z.object({
  ...published,
  site: publicSiteView,
  history: z.array(
    z.object({
      status: z.enum(SITE_STATUSES),
      effectiveAt: isoDateTime,
      reasonKind: z
        .string()
        .describe('registered, assessment, red_minimum, green_lapsed, yellow_overdue, blue_too_long…'),
    }),
  ),
  volumes: z.array(monthlyVolumeView),
});

export const incidentSummaryView = z.object({
  period: z.string().describe('Half-year of the report, YYYY-H1 or YYYY-H2'),
  category: z.enum(RISK_CATEGORIES).or(z.string()),
  level: z.number().int().min(1).max(3),
  count: z.number().int(),
});

export const publicIncidentsView = z.object({ ...published, summaries: z.array(incidentSummaryView) });

const words = z.object({ fr: z.string(), en: z.string(), sw: z.string() });
export const dataDictionaryView = z.object({
  ...published,
  datasets: z.array(
    z.object({
      name: z.string(),
      path: z.string().describe('Where to download it'),
      format: z.enum(['csv', 'geojson', 'json']),
      description: words,
      fields: z.array(z.object({ name: z.string(), type: z.string(), description: words })),
    }),
  ),
});
