import { canKeepMapLayers } from '../../domain/access/roles.ts';
import { type MapLayerKind, parseLayerFeatures } from '../../domain/sites/map-layer.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  deleteMapLayer,
  findMapLayer,
  findMapLayerFeatures,
  insertMapLayer,
  type LayerRow,
  listMapLayerRows,
} from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { FeatureCollectionView, MapLayerView } from './views.ts';

const summary = (r: LayerRow): MapLayerView => ({
  id: r.id,
  organisationId: r.organisation_id,
  organisationName: r.legal_name,
  name: r.name,
  kind: r.kind,
  colour: r.colour,
  featureCount: r.feature_count,
  createdAt: r.created_at.toISOString(),
});

/** Every operator layer, oldest first; layers are public to every signed-in user, like the site registry. */
export async function listMapLayers(ctx: AuthedContext): Promise<MapLayerView[]> {
  return (await listMapLayerRows(ctx.db)).map(summary);
}

/** One layer's features as a GeoJSON FeatureCollection. */
export async function mapLayerFeatures(ctx: AuthedContext, id: string): Promise<FeatureCollectionView> {
  const row = await findMapLayerFeatures(ctx.db, id);
  if (!row) throw notFound('map layer');
  return { type: 'FeatureCollection', features: row.features };
}

type MapLayerInput = { id?: string; name: string; kind: MapLayerKind; colour?: string; geojson: unknown };

const ADD: CreateOperation<{ layer: MapLayerView; created: boolean }> = {
  name: 'map_layer.add',
  exists: rowIn('map_layers'),
};

/** Stores an operator's GeoJSON layer; a retried upload with the same id is acknowledged once. */
export async function addMapLayer(
  ctx: AuthedContext,
  input: MapLayerInput,
): Promise<{ layer: MapLayerView; created: boolean }> {
  if (!canKeepMapLayers(ctx.principal))
    throw forbidden('your role does not add map layers', { code: 'sites.layer-add-role' });
  return createOnce(ctx, ADD, input, (c, id) => storeLayer(c, input, id));
}

async function storeLayer(ctx: AuthedContext, input: MapLayerInput, id: string) {
  const { features, errors } = parseLayerFeatures(input.geojson, 'geojson', ctx.config.siteMaxVertices);
  if (errors.length)
    throw invalid(errors, 'the layer is not valid GeoJSON for the map', { code: 'sites.layer-invalid' });
  const now = ctx.clock();
  const colour =
    input.colour ??
    (input.kind === 'concession' ? '#7c3aed' : input.kind === 'artisanal_zone' ? '#0f766e' : '#475569');
  await ctx.db.transaction(async (tx) => {
    await insertMapLayer(tx, {
      id,
      organisationId: ctx.principal.organisationId,
      name: input.name,
      kind: input.kind,
      colour,
      features,
      createdBy: ctx.principal.userId,
      createdAt: now,
    });
    // The event names the layer, not its geometry: the log stays small and the file is in the row.
    await appendEvent(tx, {
      type: 'map_layer.added',
      subjectType: 'map_layer',
      subjectId: id,
      payload: { name: input.name, kind: input.kind, colour, featureCount: features.length },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  const row = await findMapLayer(ctx.db, id);
  if (!row) throw notFound('map layer');
  return { layer: summary(row), created: true };
}

/** Removes a layer added by the caller's organisation. */
export async function removeMapLayer(ctx: AuthedContext, id: string): Promise<void> {
  if (!canKeepMapLayers(ctx.principal))
    throw forbidden('your role does not remove map layers', { code: 'sites.layer-remove-role' });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteMapLayer(tx, id, ctx.principal.organisationId))) throw notFound('map layer');
    await appendEvent(tx, {
      type: 'map_layer.removed',
      subjectType: 'map_layer',
      subjectId: id,
      payload: {},
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
}
