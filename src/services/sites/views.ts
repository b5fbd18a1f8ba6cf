import { z } from 'zod';
import { MAP_LAYER_KINDS } from '../../domain/sites/map-layer.ts';
import { MINERALS, SITE_STATUSES } from '../../domain/sites/site.ts';
import { ZONE_KINDS } from '../../domain/sites/zones.ts';
import { isoDate, isoDateTime } from '../views.ts';

/** The answers of the sites and map areas, written once: the services return them, the routes document them. */

export const siteGeometryView = z
  .object({ type: z.enum(['Point', 'Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) })
  .describe('GeoJSON Point, Polygon or MultiPolygon (WGS 84 longitude, latitude)');

export const statusReasonView = z
  .looseObject({ kind: z.string() })
  .describe(
    'The reason as data (kind: registered, assessment, red_minimum, green_lapsed, yellow_overdue, blue_too_long, red_minimum_over)',
  );

export const siteView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  province: z.string(),
  territory: z.string().nullable(),
  zoneCode: z.string().nullable(),
  concession: z.string().nullable(),
  geometry: siteGeometryView,
  minerals: z.array(z.enum(MINERALS)),
  cooperatives: z.array(z.object({ id: z.uuid(), name: z.string() })),
  workforce: z.number().nullable(),
  pits: z.number().nullable(),
  capacityKgMonth: z.number().nullable(),
  typicalGradePct: z.number().nullable(),
  status: z.enum(SITE_STATUSES),
  statusSince: isoDateTime,
  /** In English words; `statusReason` holds the same as data. */
  statusExplanation: z.string().describe('Why the site has its status, in words'),
  statusReason: statusReasonView,
  statusDeadline: z.string().nullable().describe('Yellow: last day to correct'),
  statusValidUntil: z.string().nullable().describe('Green: first day it is no longer valid'),
  statusRedUntil: z.string().nullable().describe('Red: earliest day the suspension can end'),
  suspendedBy: z.array(z.string()).describe('Verified level-1 incidents suspending the site until resolved'),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type SiteView = z.output<typeof siteView>;

export const statusChangeView = z.object({
  id: z.uuid(),
  status: z.enum(SITE_STATUSES),
  reason: z.string(),
  reasonData: statusReasonView,
  effectiveAt: isoDateTime,
  recordedBy: z.uuid().nullable(),
});
export type StatusChangeView = z.output<typeof statusChangeView>;

export const importResultView = z.object({ created: z.number().int(), updated: z.number().int() });
export type ImportResultView = z.output<typeof importResultView>;

/**
 * A site as the map knows it: enough to draw its marker and filter it. Its cooperatives are indexes into the
 * answer's `cooperatives`, each written once; a site mapped as a polygon says so (`outline`), and its outline
 * is asked for when it is in view (`siteOutlinesView`).
 */
export const mapSiteView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  status: z.enum(SITE_STATUSES),
  suspended: z.boolean(),
  province: z.string(),
  minerals: z.array(z.enum(MINERALS)),
  cooperatives: z.array(z.number().int()).describe('Indexes into the answer’s cooperatives'),
  /** Where the site's marker and cluster sit, for polygons as well as points. */
  point: z.tuple([z.number(), z.number()]).describe('Longitude, latitude of the marker'),
  outline: z.boolean().describe('Mapped as a polygon: ask GET /api/sites/outlines for it'),
});
export type MapSiteView = z.output<typeof mapSiteView>;

export const siteMapView = z.object({
  sites: z.array(mapSiteView),
  cooperatives: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type SiteMapView = z.output<typeof siteMapView>;

export const siteOutlinesView = z.object({
  items: z.array(z.object({ id: z.uuid(), geometry: z.any().describe('GeoJSON Polygon or MultiPolygon') })),
});
export type SiteOutlinesView = z.output<typeof siteOutlinesView>;

export const mapLayerView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  name: z.string(),
  kind: z.enum(MAP_LAYER_KINDS),
  colour: z.string(),
  featureCount: z.number().int(),
  createdAt: isoDateTime,
});
export type MapLayerView = z.output<typeof mapLayerView>;

export const featureCollectionView = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) })
  .describe('GeoJSON FeatureCollection (WGS 84)');
export type FeatureCollectionView = z.output<typeof featureCollectionView>;

export const zoneView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(ZONE_KINDS),
  geometry: z.any().describe('GeoJSON Polygon or MultiPolygon (WGS 84)'),
  legalBasis: z.string().describe('The act that created or set the area aside, e.g. an arrêté ministériel'),
  validFrom: isoDate,
  validUntil: isoDate.nullable(),
  siteCodes: z.array(z.string()).describe('The sites it holds today, by their position or outline'),
  createdAt: isoDateTime,
});
export type ZoneView = z.output<typeof zoneView>;

export const zonesView = z.object({
  items: z.array(zoneView),
  sitesOutside: z
    .array(z.object({ id: z.uuid(), code: z.string(), name: z.string() }))
    .describe('Sites in no zone in force today (empty while no zone is recorded)'),
});
export type ZonesView = z.output<typeof zonesView>;
