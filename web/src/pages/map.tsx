import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { problemText } from '../components/problem-text.ts';
import { ProgressBar } from '../components/progress-bar.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { MINERAL_CODES, mineralLabel } from '../labels.ts';
import { createBaseMap, labelClusters } from '../map/base-map.ts';
import {
  boundsOf,
  filterChoices,
  filterSites,
  type MapFilters,
  mapSources,
  NO_FILTERS,
  type SiteFeature,
} from '../map/site-filter.ts';
import { type StatusReason, statusReasonText } from '../status-reason.ts';
import { uploadWithProgress } from '../transfer.ts';

interface Layer {
  id: string;
  name: string;
  kind: string;
  colour: string;
  featureCount: number;
  organisationName: string;
}

interface SiteDetail {
  id: string;
  code: string;
  name: string;
  status: string;
  statusSince: string;
  statusReason: StatusReason;
  suspendedBy: string[];
  province: string;
  cooperatives: { name: string }[];
}

/** The site map: sites by status with clusters, filters, a side panel, and operators' own layers. */
export default function MapPage({
  t,
  locale,
  canAddLayers,
  onOpenSite,
}: {
  t: (k: MessageKey) => string;
  locale: Locale;
  canAddLayers: boolean;
  onOpenSite: (id: string) => void;
}) {
  const container = useRef<HTMLElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [sites, setSites] = useState<SiteFeature[] | null>(null);
  const [filters, setFilters] = useState<MapFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<SiteDetail | null>(null);
  const [layers, setLayers] = useState<Layer[]>([]);
  const [shown, setShown] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let unlabel = () => {};
    let created: MapLibreMap | null = null;
    Promise.all([
      createBaseMap(container.current as HTMLElement),
      api<{ features: SiteFeature[] }>('GET', '/api/sites/map'),
    ])
      .then(([m, answer]) => {
        created = m;
        if (!live) return m.remove();
        unlabel = labelClusters(m);
        const open = (id: string) =>
          api<SiteDetail>('GET', `/api/sites/${id}`).then(setSelected, (e) => setError((e as Error).message));
        for (const layer of ['site-point', 'site-fill']) {
          m.on('click', layer, (e) => open(String(e.features?.[0]?.properties?.id)));
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
        setSites(answer.features);
        setMap(m);
        // Scripts (browser tests, the console) reach the map to project a site to the screen.
        (window as { amanaMap?: MapLibreMap }).amanaMap = m;
        const b = boundsOf(answer.features);
        if (b) m.fitBounds(b, { padding: 40, duration: 0 });
      })
      .catch((e) => setError((e as Error).message));
    api<{ items: Layer[] }>('GET', '/api/map-layers').then(
      (r) => setLayers(r.items),
      () => {},
    );
    return () => {
      live = false;
      unlabel();
      created?.remove();
    };
  }, []);

  const visible = useMemo(() => (sites ? filterSites(sites, filters) : []), [sites, filters]);
  const choices = useMemo(() => filterChoices(sites ?? []), [sites]);

  useEffect(() => {
    if (!map) return;
    const { outlines, points } = mapSources(visible);
    (map.getSource('site-outlines') as GeoJSONSource).setData(outlines as GeoJSON.FeatureCollection);
    (map.getSource('site-points') as GeoJSONSource).setData(points as GeoJSON.FeatureCollection);
  }, [map, visible]);

  async function toggleLayer(layer: Layer, on: boolean) {
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
        const data = await api<GeoJSON.FeatureCollection>('GET', `/api/map-layers/${layer.id}/features`);
        map.addSource(`layer-${layer.id}`, { type: 'geojson', data });
      } catch (e) {
        setError((e as Error).message);
        return;
      }
      // Operator layers sit under the sites, so sites stay clickable.
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

  const select = (key: keyof MapFilters, label: string, options: { value: string; label: string }[]) => (
    <label>
      {label}
      <select value={filters[key]} onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}>
        <option value="">{t('all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="map-page">
      <div className="toolbar">
        {select(
          'status',
          t('status'),
          ['red', 'yellow', 'green', 'blue'].map((s) => ({
            value: s,
            label: t(`status.${s}` as MessageKey),
          })),
        )}
        {select(
          'mineral',
          t('mineral'),
          MINERAL_CODES.map((m) => ({ value: m, label: mineralLabel(m, locale) })),
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
          {sites ? `${visible.length} / ${sites.length} ${t('sitesShown')}` : t('loading')}
        </span>
      </div>
      {error && (
        <p role="alert" className="error">
          {t('error')}: {error}
        </p>
      )}
      <div className="map-layout">
        <section ref={container} className="map" aria-label={t('map')} data-ready={map ? 'true' : 'false'} />
        <aside className="map-panel" aria-label={t('siteDetails')}>
          {selected ? (
            <section data-testid="map-panel">
              <h2>
                {selected.code} · {selected.name}
              </h2>
              <StatusBadge status={selected.status} t={t} />
              {selected.suspendedBy.length > 0 && <p className="suspended">⊘ {t('suspended')}</p>}
              <h3>{t('whyStatus')}</h3>
              <p data-testid="map-explanation">
                {statusReasonText(
                  selected.status,
                  selected.statusSince.slice(0, 10),
                  selected.statusReason,
                  locale,
                )}
              </p>
              <p>
                {selected.province} · {selected.cooperatives.map((c) => c.name).join(', ') || '—'}
              </p>
              <a
                href={`/sites/${selected.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpenSite(selected.id);
                }}
              >
                {t('openSite')}
              </a>
            </section>
          ) : (
            <p className="hint">{t('clickSite')}</p>
          )}
          <Legend t={t} />
          <h3>{t('layers')}</h3>
          {layers.length === 0 && <p className="hint">{t('noLayers')}</p>}
          <ul className="layers">
            {layers.map((l) => (
              <li key={l.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={shown.has(l.id)}
                    onChange={(e) => toggleLayer(l, e.target.checked)}
                  />
                  <span className="swatch" style={{ background: l.colour }} aria-hidden="true" /> {l.name}{' '}
                  <small>
                    ({t(`layerKind.${l.kind}` as MessageKey)}, {l.featureCount}, {l.organisationName})
                  </small>
                </label>
              </li>
            ))}
          </ul>
          {canAddLayers && <AddLayer t={t} onAdded={(l) => setLayers([...layers, l])} />}
        </aside>
      </div>
    </div>
  );
}

function Legend({ t }: { t: (k: MessageKey) => string }) {
  return (
    <ul className="legend" aria-label={t('legend')}>
      {['red', 'yellow', 'green', 'blue'].map((s) => (
        <li key={s}>
          <StatusBadge status={s} t={t} />
        </li>
      ))}
      <li>⊘ {t('suspended')}</li>
    </ul>
  );
}

/** Uploads an operator's GeoJSON file as a new layer, with a progress bar and the server's errors. */
function AddLayer({ t, onAdded }: { t: (k: MessageKey) => string; onAdded: (l: Layer) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState('artisanal_zone');
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
      onAdded(await uploadWithProgress<Layer>('/api/map-layers', body, 'application/json', setProgress));
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
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {['artisanal_zone', 'concession', 'other'].map((k) => (
            <option key={k} value={k}>
              {t(`layerKind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('geojsonFile')}
        <input type="file" accept=".geojson,.json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      {progress !== undefined && <ProgressBar label={t('uploading')} fraction={progress} />}
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
