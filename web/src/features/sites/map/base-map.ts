import type { Map as MapLibreMap } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { STATUS_COLOURS } from '../status-colours.ts';

const byStatus = [
  'match',
  ['get', 'status'],
  'red',
  STATUS_COLOURS.red,
  'yellow',
  STATUS_COLOURS.yellow,
  'green',
  STATUS_COLOURS.green,
  STATUS_COLOURS.blue,
] as unknown as maplibregl.ExpressionSpecification;

// Bundling moves MapLibre away from its worker script: tell it where the build put the worker.
maplibregl.setWorkerUrl(workerUrl);

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/**
 * A map with the base layer that ships with Amana (country borders from world-atlas, no tile server),
 * site outlines and clustered site markers coloured by status. Resolves once the style is ready.
 */
/** Outlines are drawn from this zoom on; below it, markers and clusters say enough. */
export const OUTLINE_MIN_ZOOM = 9;

export async function createBaseMap(container: HTMLElement): Promise<MapLibreMap> {
  const topology = (await (await fetch(countriesUrl)).json()) as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topology, topology.objects.countries);
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: { countries: { type: 'geojson', data: countries } },
      layers: [
        { id: 'sea', type: 'background', paint: { 'background-color': '#dbe9f4' } },
        {
          id: 'land',
          type: 'fill',
          source: 'countries',
          paint: {
            'fill-color': ['case', ['==', ['get', 'name'], 'Dem. Rep. Congo'], '#f7f3e8', '#eeeeea'],
          },
        },
        {
          id: 'borders',
          type: 'line',
          source: 'countries',
          paint: { 'line-color': '#8a8a80', 'line-width': 1 },
        },
      ],
    },
    center: [25.5, -10.7],
    zoom: 7,
    attributionControl: false,
    // Screenshots in tests read the canvas.
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }));
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  map.addSource('site-outlines', { type: 'geojson', data: EMPTY });
  map.addSource('site-points', {
    type: 'geojson',
    data: EMPTY,
    cluster: true,
    clusterRadius: 40,
    clusterMaxZoom: 10,
  });
  map.addLayer({
    id: 'site-fill',
    type: 'fill',
    source: 'site-outlines',
    minzoom: OUTLINE_MIN_ZOOM,
    paint: { 'fill-color': byStatus, 'fill-opacity': 0.35 },
  });
  map.addLayer({
    id: 'site-edge',
    type: 'line',
    source: 'site-outlines',
    minzoom: OUTLINE_MIN_ZOOM,
    paint: { 'line-color': byStatus, 'line-width': 2 },
  });
  map.addLayer({
    id: 'clusters',
    type: 'circle',
    source: 'site-points',
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': '#37474f',
      'circle-opacity': 0.85,
      'circle-radius': ['step', ['get', 'point_count'], 14, 10, 18, 50, 24],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: 'site-point',
    type: 'circle',
    source: 'site-points',
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': byStatus,
      // Red and suspended sites are larger and ringed in black: they read without colour too.
      'circle-radius': ['case', ['any', ['==', ['get', 'status'], 'red'], ['get', 'suspended']], 10, 7],
      'circle-stroke-color': ['case', ['get', 'suspended'], '#000000', '#ffffff'],
      'circle-stroke-width': ['case', ['get', 'suspended'], 3, 2],
    },
  });
  return map;
}

/**
 * Keeps one HTML label with the count on each visible cluster: the base layer ships no font glyphs,
 * so counts are drawn by the page rather than by the map.
 */
export function labelClusters(map: MapLibreMap): () => void {
  const markers = new Map<number, maplibregl.Marker>();
  const update = () => {
    const seen = new Set<number>();
    for (const f of map.querySourceFeatures('site-points')) {
      const p = f.properties as { cluster?: boolean; cluster_id?: number; point_count?: number };
      if (!p.cluster || p.cluster_id === undefined || seen.has(p.cluster_id)) continue;
      seen.add(p.cluster_id);
      if (!markers.has(p.cluster_id)) {
        const el = document.createElement('span');
        el.className = 'cluster-count';
        el.textContent = String(p.point_count);
        const coords = (f.geometry as GeoJSON.Point).coordinates as [number, number];
        markers.set(p.cluster_id, new maplibregl.Marker({ element: el }).setLngLat(coords).addTo(map));
      }
    }
    for (const [id, m] of markers)
      if (!seen.has(id)) {
        m.remove();
        markers.delete(id);
      }
  };
  map.on('render', update);
  return () => {
    map.off('render', update);
    for (const m of markers.values()) m.remove();
    markers.clear();
  };
}

/**
 * The names of the towns in view (GeoNames, from the server's shipped gazetteer), drawn as labels that need no font
 * server, asked again when the view settles; the map credits their source. Returns what removes them.
 */
export function nameTowns(
  map: MapLibreMap,
  load: (
    bbox: string,
  ) => Promise<{ places: { name: string; lon: number; lat: number }[]; attribution: string }>,
): () => void {
  const markers = new Map<string, maplibregl.Marker>();
  let credited = false;
  let asked = 0;
  const update = async () => {
    const b = map.getBounds();
    const clamp = (x: number, limit: number) => Math.max(-limit, Math.min(limit, x));
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
      .map((x, i) => clamp(x, i % 2 === 0 ? 180 : 90).toFixed(3))
      .join(',');
    const mine = ++asked;
    const answer = await load(bbox).catch(() => null);
    // A newer view was asked for meanwhile, or the map is gone: this answer is stale.
    if (!answer || mine !== asked) return;
    if (!credited) {
      map.addControl(
        new maplibregl.AttributionControl({ compact: true, customAttribution: answer.attribution }),
      );
      credited = true;
    }
    const wanted = new Set(answer.places.map((p) => `${p.name}|${p.lon}|${p.lat}`));
    for (const [key, m] of markers)
      if (!wanted.has(key)) {
        m.remove();
        markers.delete(key);
      }
    for (const p of answer.places) {
      const key = `${p.name}|${p.lon}|${p.lat}`;
      if (markers.has(key)) continue;
      const el = document.createElement('span');
      el.className = 'place-name';
      el.textContent = p.name;
      markers.set(
        key,
        new maplibregl.Marker({ element: el, anchor: 'left' }).setLngLat([p.lon, p.lat]).addTo(map),
      );
    }
  };
  const settled = () => void update();
  map.on('moveend', settled);
  settled();
  return () => {
    asked++;
    map.off('moveend', settled);
    for (const m of markers.values()) m.remove();
    markers.clear();
  };
}
