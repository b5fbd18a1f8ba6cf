import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canKeepMapLayers } from '../../../../../src/domain/access/roles.ts';
import { MINERALS, OUTLINES_PER_REQUEST, SITE_STATUSES } from '../../../../../src/domain/sites/site.ts';
import { type Answer, api, ok } from '../../../api/client.ts';
import { uploadWithProgress } from '../../../api/transfer.ts';
import { oneOf } from '../../../components/one-of.ts';
import { problemText } from '../../../components/problem-text.ts';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { StatusBadge } from '../../../components/status-badge.tsx';
import { usePrincipal } from '../../access/session.ts';
import { siteQuery, sitesMapQuery } from '../queries.ts';
import { useStatusReason } from '../status-reason.ts';
import { createBaseMap, labelClusters, nameTowns, OUTLINE_MIN_ZOOM } from './base-map.ts';
import {
  boundsOf,
  filterChoices,
  filterSites,
  isOutline,
  type MapFilters,
  mapSites,
  mapSources,
  NO_FILTERS,
  type Outline,
  outlinesInView,
} from './site-filter.ts';

type Layer = Answer<'/api/map-layers'>['items'][number];
const LAYER_KINDS = ['artisanal_zone', 'concession', 'other'] as const satisfies readonly Layer['kind'][];
const STATUSES = [...SITE_STATUSES].reverse();

const layersQuery = queryOptions({
  queryKey: ['map-layers'],
  queryFn: () => ok(api.GET('/api/map-layers')),
});

/**
 * A layer's features. The API declares them as a list of anything; they are the GeoJSON the layer was
 * uploaded with, checked by the server then, which is what the map is given.
 */
async function layerFeatures(id: string): Promise<GeoJSON.FeatureCollection> {
  const answer = await ok(api.GET('/api/map-layers/{id}/features', { params: { path: { id } } }));
  return answer as GeoJSON.FeatureCollection;
}

/** The zones as one layer: every zone's outline, its code and name as properties. */
const ZONES_LAYER = { id: 'zones', colour: '#6a1b9a' };
async function zoneFeatures(): Promise<GeoJSON.FeatureCollection> {
  const { items } = await ok(api.GET('/api/zones'));
  return {
    type: 'FeatureCollection',
    features: items.map((z) => ({
      type: 'Feature',
      // The server checked it on the way in: a Polygon or MultiPolygon.
      geometry: z.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon,
      properties: { code: z.code, name: z.name, kind: z.kind },
    })),
  };
}

/** The site map: sites by status with clusters, filters, a side panel, and operators' own layers. */
export function MapPage() {
  const { t } = useTranslation('sites', { keyPrefix: 'map' });
  const { t: tc } = useTranslation();
  const { t: ts } = useTranslation('sites');
  const reasonText = useStatusReason();
  const canAddLayers = canKeepMapLayers(usePrincipal());
  const container = useRef<HTMLElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [mapError, setMapError] = useState<unknown>(null);
  const answer = useQuery(sitesMapQuery);
  const sites = useMemo(() => answer.data && mapSites(answer.data), [answer.data]);
  // Outlines are asked for as their sites come into view, each once.
  const [outlines, setOutlines] = useState<ReadonlyMap<string, Outline>>(new Map());
  const askedOutlines = useRef(new Set<string>());
  const [filters, setFilters] = useState<MapFilters>(NO_FILTERS);
  const [selectedId, setSelectedId] = useState('');
  const selected = useQuery({ ...siteQuery(selectedId), enabled: selectedId !== '' });
  const layers = useQuery(layersQuery).data?.items ?? [];
  const [shown, setShown] = useState<Set<string>>(new Set());
  const [layerError, setLayerError] = useState<unknown>(null);
  const fitted = useRef(false);

  useEffect(() => {
    let live = true;
    let unlabel = () => {};
    let unname = () => {};
    let created: MapLibreMap | null = null;
    createBaseMap(container.current as HTMLElement)
      .then((m) => {
        created = m;
        if (!live) return m.remove();
        unlabel = labelClusters(m);
        unname = nameTowns(m, (bbox) => ok(api.GET('/api/map/places', { params: { query: { bbox } } })));
        for (const layer of ['site-point', 'site-fill']) {
          m.on('click', layer, (e) => setSelectedId(String(e.features?.[0]?.properties?.id)));
          m.on('mouseenter', layer, () => {
            m.getCanvas().style.cursor = 'pointer';
          });
          m.on('mouseleave', layer, () => {
            m.getCanvas().style.cursor = '';
          });
        }
        m.on('click', 'clusters', async (e) => {
          const f = e.features?.[0];
          if (!f) return;
          const zoom = await (m.getSource('site-points') as GeoJSONSource).getClusterExpansionZoom(
            f.properties.cluster_id,
          );
          m.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom });
        });
        setMap(m);
        // Scripts (browser tests, the console) reach the map to project a site to the screen.
        (window as { amanaMap?: MapLibreMap }).amanaMap = m;
      })
      .catch(setMapError);
    return () => {
      live = false;
      unlabel();
      unname();
      created?.remove();
    };
  }, []);

  const visible = useMemo(() => (sites ? filterSites(sites, filters) : []), [sites, filters]);
  const choices = useMemo(() => filterChoices(sites ?? []), [sites]);

  useEffect(() => {
    if (!map || !sites) return;
    const sources = mapSources(visible, outlines);
    (map.getSource('site-outlines') as GeoJSONSource).setData(sources.outlines as GeoJSON.FeatureCollection);
    (map.getSource('site-points') as GeoJSONSource).setData(sources.points as GeoJSON.FeatureCollection);
    // The first time the sites arrive, the map frames them all.
    const b = boundsOf(sites);
    if (b && !fitted.current) map.fitBounds(b, { padding: 40, duration: 0 });
    fitted.current = true;
  }, [map, sites, visible, outlines]);

  // When the view settles close enough to draw outlines, those of the polygon sites in it not known yet are asked for.
  useEffect(() => {
    if (!map || !sites) return;
    const load = async () => {
      if (map.getZoom() < OUTLINE_MIN_ZOOM) return;
      const b = map.getBounds();
      const wanted = outlinesInView(visible, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]).filter(
        (id) => !askedOutlines.current.has(id),
      );
      for (const id of wanted) askedOutlines.current.add(id);
      for (let i = 0; i < wanted.length; i += OUTLINES_PER_REQUEST) {
        const ids = wanted.slice(i, i + OUTLINES_PER_REQUEST);
        try {
          const got = await ok(api.GET('/api/sites/outlines', { params: { query: { ids: ids.join(',') } } }));
          setOutlines((known) => {
            const next = new Map(known);
            for (const o of got.items) if (isOutline(o.geometry)) next.set(o.id, o.geometry);
            return next;
          });
        } catch (e) {
          for (const id of ids) askedOutlines.current.delete(id);
          setLayerError(e);
        }
      }
    };
    load();
    map.on('moveend', load);
    return () => {
      map.off('moveend', load);
    };
  }, [map, sites, visible]);

  /** Shows or hides a layer drawn under the sites (so sites stay clickable): an operator's own, or the zones. */
  async function toggleLayer(
    layer: { id: string; colour: string },
    load: () => Promise<GeoJSON.FeatureCollection>,
    on: boolean,
  ) {
    if (!map) return;
    // The box follows the click at once; the features arrive after.
    setShown((prev) => {
      const next = new Set(prev);
      if (on) next.add(layer.id);
      else next.delete(layer.id);
      return next;
    });
    if (on && !map.getSource(`layer-${layer.id}`)) {
      try {
        map.addSource(`layer-${layer.id}`, { type: 'geojson', data: await load() });
      } catch (e) {
        setLayerError(e);
        return;
      }
      map.addLayer(
        {
          id: `layer-${layer.id}-fill`,
          type: 'fill',
          source: `layer-${layer.id}`,
          paint: { 'fill-color': layer.colour, 'fill-opacity': 0.15 },
        },
        'site-fill',
      );
      map.addLayer(
        {
          id: `layer-${layer.id}-line`,
          type: 'line',
          source: `layer-${layer.id}`,
          paint: { 'line-color': layer.colour, 'line-width': 2, 'line-dasharray': [2, 1] },
        },
        'site-fill',
      );
    }
    for (const part of ['fill', 'line'])
      if (map.getLayer(`layer-${layer.id}-${part}`))
        map.setLayoutProperty(`layer-${layer.id}-${part}`, 'visibility', on ? 'visible' : 'none');
  }
  const operatorLayer = (layer: Layer, on: boolean) => toggleLayer(layer, () => layerFeatures(layer.id), on);

  const select = (key: keyof MapFilters, label: string, options: { value: string; label: string }[]) => (
    <label>
      {label}
      <select value={filters[key]} onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}>
        <option value="">{tc('all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const error = mapError ?? answer.error ?? selected.error ?? layerError;
  const site = selectedId ? selected.data : undefined;

  return (
    <div className="map-page">
      <div className="toolbar">
        {select(
          'status',
          t('status'),
          STATUSES.map((s) => ({ value: s, label: tc(`status.${s}`) })),
        )}
        {select(
          'mineral',
          t('mineral'),
          MINERALS.map((m) => ({ value: m, label: ts(`mineral.${m}`) })),
        )}
        {select(
          'province',
          t('province'),
          choices.provinces.map((p) => ({ value: p, label: p })),
        )}
        {select(
          'cooperativeId',
          t('cooperative'),
          choices.cooperatives.map((c) => ({ value: c.id, label: c.name })),
        )}
        <span className="count-note" role="status">
          {sites ? t('sitesShown', { shown: visible.length, count: sites.length }) : tc('loading')}
        </span>
      </div>
      {error ? (
        <p role="alert" className="error">
          {tc('error')}: {(error as Error).message}
        </p>
      ) : null}
      <div className="map-layout">
        <section
          ref={container}
          className="map"
          aria-label={tc('nav.map')}
          data-ready={map && sites ? 'true' : 'false'}
        />
        <aside className="map-panel" aria-label={t('siteDetails')}>
          {site ? (
            <section data-testid="map-panel">
              <h2>
                {site.code} · {site.name}
              </h2>
              <StatusBadge status={site.status} suspended={site.suspendedBy.length > 0} />
              <h3>{t('whyStatus')}</h3>
              <p data-testid="map-explanation">
                {reasonText(site.status, site.statusSince, site.statusReason)}
              </p>
              <p>
                {site.province} · {site.cooperatives.map((c) => c.name).join(', ') || '—'}
              </p>
              <Link to={`/sites/${site.id}`}>{t('openSite')}</Link>
            </section>
          ) : (
            <p className="hint">{t('clickSite')}</p>
          )}
          <Legend />
          <h3>{t('layers')}</h3>
          <ul className="layers">
            <li>
              <label>
                <input
                  type="checkbox"
                  checked={shown.has(ZONES_LAYER.id)}
                  onChange={(e) => toggleLayer(ZONES_LAYER, zoneFeatures, e.target.checked)}
                />
                <span className="swatch" style={{ background: ZONES_LAYER.colour }} aria-hidden="true" />{' '}
                {t('zonesLayer')} <Link to="/map/zones">{t('zonesPage')}</Link>
              </label>
            </li>
          </ul>
          {layers.length === 0 && <p className="hint">{t('noLayers')}</p>}
          <ul className="layers">
            {layers.map((l) => (
              <li key={l.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={shown.has(l.id)}
                    onChange={(e) => operatorLayer(l, e.target.checked)}
                  />
                  <span className="swatch" style={{ background: l.colour }} aria-hidden="true" /> {l.name}{' '}
                  <small>
                    ({t(`layerKind.${l.kind}`)}, {l.featureCount}, {l.organisationName})
                  </small>
                </label>
              </li>
            ))}
          </ul>
          {canAddLayers && <AddLayer onAdded={(layer) => operatorLayer(layer, true)} />}
        </aside>
      </div>
    </div>
  );
}

function Legend() {
  const { t } = useTranslation('sites', { keyPrefix: 'map' });
  return (
    <ul className="legend" aria-label={t('legend')}>
      {STATUSES.map((s) => (
        <li key={s}>
          <StatusBadge status={s} />
        </li>
      ))}
      <li>⊘ {t('suspended')}</li>
    </ul>
  );
}

/** Uploads an operator's GeoJSON file as a new layer, with a progress bar and the server's errors. */
/** The form that adds a map layer; the layer added is shown at once. */
function AddLayer({ onAdded }: { onAdded: (layer: Layer) => void }) {
  const { t } = useTranslation('sites', { keyPrefix: 'map' });
  const { t: tc } = useTranslation();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<(typeof LAYER_KINDS)[number]>('artisanal_zone');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return setProblem(t('chooseFile'));
    setProblem(null);
    let geojson: unknown;
    try {
      geojson = JSON.parse(await file.text());
    } catch {
      return setProblem(t('notJson'));
    }
    const body = new Blob([JSON.stringify({ name, kind, geojson })]);
    try {
      setProgress(0);
      const added = await uploadWithProgress('/api/map-layers', {}, body, 'application/json', setProgress);
      await queries.invalidateQueries({ queryKey: layersQuery.queryKey });
      onAdded(added as Layer);
      setName('');
      setFile(null);
    } catch (err) {
      setProblem(problemText(err));
    } finally {
      setProgress(undefined);
    }
  }

  return (
    <form className="add-layer" onSubmit={submit}>
      <h3>{t('addLayer')}</h3>
      <label>
        {t('name')}
        <input value={name} required onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('kind')}
        <select value={kind} onChange={(e) => setKind(oneOf(LAYER_KINDS, e.target.value) || 'other')}>
          {LAYER_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`layerKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('geojsonFile')}
        <input type="file" accept=".geojson,.json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      {progress !== undefined && <ProgressBar label={tc('uploading')} fraction={progress} />}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <button type="submit" disabled={progress !== undefined}>
        {t('addLayer')}
      </button>
    </form>
  );
}
