import { canKeepMapLayers } from '../../domain/access/roles.ts';
import { type LayerFeature, type MapLayerKind, parseLayerFeatures } from '../../domain/sites/map-layer.ts';
import { appendEvent } from '../../storage/events.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';

export interface MapLayerSummary {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  kind: MapLayerKind;
  colour: string;
  featureCount: number;
  createdAt: string;
}

interface LayerRow {
  id: string;
  organisation_id: string;
  legal_name: string;
  name: string;
  kind: MapLayerKind;
  colour: string;
  feature_count: number;
  created_at: Date;
}

const summary = (r: LayerRow): MapLayerSummary => ({
  id: r.id,
  organisationId: r.organisation_id,
  organisationName: r.legal_name,
  name: r.name,
  kind: r.kind,
  colour: r.colour,
  featureCount: r.feature_count,
  createdAt: r.created_at.toISOString(),
});

const SELECT = `SELECT l.id, l.organisation_id, o.legal_name, l.name, l.kind, l.colour, l.feature_count, l.created_at
                  FROM map_layers l JOIN organisations o ON o.id = l.organisation_id`;

/** Every operator layer, oldest first; layers are public to every signed-in user, like the site registry. */
export async function listMapLayers(ctx: AuthedContext): Promise<MapLayerSummary[]> {
  return (await ctx.db.query<LayerRow>(`${SELECT} ORDER BY l.created_at, l.id`)).rows.map(summary);
}

/** One layer's features as a GeoJSON FeatureCollection. */
export async function mapLayerFeatures(
  ctx: AuthedContext,
  id: string,
): Promise<{ type: 'FeatureCollection'; features: LayerFeature[] }> {
  const row = (
    await ctx.db.query<{ features: LayerFeature[] }>('SELECT features FROM map_layers WHERE id = $1', [id])
  ).rows[0];
  if (!row) throw notFound('map layer');
  return { type: 'FeatureCollection', features: row.features };
}

type MapLayerInput = { id?: string; name: string; kind: MapLayerKind; colour?: string; geojson: unknown };

const ADD: CreateOperation<{ layer: MapLayerSummary; created: boolean }> = {
  name: 'map_layer.add',
  exists: rowIn('map_layers'),
};

/** Stores an operator's GeoJSON layer; a retried upload with the same id is acknowledged once. */
export async function addMapLayer(
  ctx: AuthedContext,
  input: MapLayerInput,
): Promise<{ layer: MapLayerSummary; created: boolean }> {
  if (!canKeepMapLayers(ctx.principal)) throw forbidden('your role does not add map layers');
  return createOnce(ctx, ADD, input, (c, id) => storeLayer(c, input, id));
}

async function storeLayer(ctx: AuthedContext, input: MapLayerInput, id: string) {
  const { features, errors } = parseLayerFeatures(input.geojson, 'geojson', ctx.config.siteMaxVertices);
  if (errors.length) throw invalid(errors, 'the layer is not valid GeoJSON for the map');
  const now = ctx.clock();
  const colour =
    input.colour ??
    (input.kind === 'concession' ? '#7c3aed' : input.kind === 'artisanal_zone' ? '#0f766e' : '#475569');
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO map_layers (id, organisation_id, name, kind, colour, features, feature_count, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        ctx.principal.organisationId,
        input.name,
        input.kind,
        colour,
        JSON.stringify(features),
        features.length,
        ctx.principal.userId,
        now,
      ],
    );
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
  const row = (await ctx.db.query<LayerRow>(`${SELECT} WHERE l.id = $1`, [id])).rows[0];
  return { layer: summary(row), created: true };
}

/** Removes a layer added by the caller's organisation. */
export async function removeMapLayer(ctx: AuthedContext, id: string): Promise<void> {
  if (!canKeepMapLayers(ctx.principal)) throw forbidden('your role does not remove map layers');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.query('DELETE FROM map_layers WHERE id = $1 AND organisation_id = $2', [
      id,
      ctx.principal.organisationId,
    ]);
    if (gone.rowCount === 0) throw notFound('map layer');
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
