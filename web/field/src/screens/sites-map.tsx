import { geoMercator, geoPath } from 'd3-geo';
import { select } from 'd3-selection';
import { type ZoomBehavior, type ZoomTransform, zoom, zoomIdentity } from 'd3-zoom';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { StatusBadge } from '../../../src/components/status-badge.tsx';
import { STATUS_COLOURS } from '../../../src/features/sites/status-colours.ts';
import { api, ok } from '../api.ts';
import type { Screen } from '../app.tsx';
import { db, getMeta, setMeta } from '../db.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';
import { useLive } from '../live.ts';
import { boundsOf, type LonLat, markerOf, northOf, ringsOf } from '../map-view.ts';
import { GpsBlock, usePosition } from './form-parts.tsx';

const HEIGHT = 440;
type Places = { places: { name: string; lon: number; lat: number }[]; attribution: string; bbox: string };

/** The towns around my sites, asked for when there is a network and kept on the phone for the days without. */
async function refreshPlaces(bbox: string) {
  const held = await getMeta<Places>('places');
  if (!navigator.onLine || held?.bbox === bbox) return;
  const answer = await ok(api.GET('/api/map/places', { params: { query: { bbox } } })).catch(() => null);
  if (answer) await setMeta('places', { places: answer.places, attribution: answer.attribution, bbox });
}

/**
 * The map of my sites, offline (decision 0044): the base layer the web app ships (world-atlas borders, precached),
 * the towns around them (GeoNames, kept from the last time there was a network), each site in its status colour,
 * and where I am with the accuracy of the fix. An SVG drawn with d3-geo and moved with d3-zoom: no tile server, no
 * glyph server, no WebGL. Loaded as its own chunk, when the map is first opened.
 */
export default function SitesMap({ go }: { go: (s: Screen) => void }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const svg = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(360);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const [countries, setCountries] = useState<GeoJSON.FeatureCollection>();
  const [chosen, setChosen] = useState<string>();
  const zoomer = useRef<ZoomBehavior<SVGSVGElement, unknown>>(undefined);
  const gps = usePosition();
  const data = useLive(async () => ({
    sites: await db.sites.orderBy('code').toArray(),
    places: await getMeta<Places>('places'),
  }));
  const bounds = useMemo(() => boundsOf(data?.sites ?? []), [data?.sites]);
  const bbox = bounds.map((x) => x.toFixed(3)).join(',');

  useEffect(() => {
    void fetch(countriesUrl)
      .then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection }>>)
      .then((topology) => setCountries(feature(topology, topology.objects.countries)));
  }, []);
  useEffect(() => {
    if (data) void refreshPlaces(bbox);
  }, [bbox, data]);
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    setWidth(el.clientWidth || 360);
    const behaviour = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, 64])
      .on('zoom', (e: { transform: ZoomTransform }) => setTransform(e.transform));
    select(el).call(behaviour);
    zoomer.current = behaviour;
    return () => void select(el).on('.zoom', null);
    // The SVG is there once the store has answered: attach the zoom then.
  }, [data === undefined]);

  const projection = useMemo(() => {
    const [w, s, e, n] = bounds;
    const frame: GeoJSON.Feature = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'MultiPoint',
        coordinates: [
          [w, s],
          [e, n],
        ],
      },
    };
    return geoMercator().fitExtent(
      [
        [24, 24],
        [width - 72, HEIGHT - 24],
      ],
      frame,
    );
  }, [bounds, width]);
  const countryPaths = useMemo(
    () =>
      (countries?.features ?? []).map((f) => ({
        id: String(f.id),
        home: f.properties?.name === 'Dem. Rep. Congo',
        d: geoPath(projection)(f) ?? '',
      })),
    [countries, projection],
  );
  // A new fix centres the map on it: "where I am" is where the monitor wants to look.
  useEffect(() => {
    const fix = gps.position && projection([gps.position.longitude, gps.position.latitude]);
    if (fix && svg.current && zoomer.current) zoomer.current.translateTo(select(svg.current), fix[0], fix[1]);
  }, [gps.position, projection]);
  if (!data) return null;
  const k = transform.k;
  const at = (p: LonLat) => projection(p) ?? [0, 0];
  const here = gps.position ? ([gps.position.longitude, gps.position.latitude] as LonLat) : undefined;
  const hereRadius =
    here && gps.position ? Math.abs(at(here)[1] - at(northOf(here, gps.position.accuracyM))[1]) : 0;
  const site = data.sites.find((s) => s.id === chosen);

  return (
    <section aria-labelledby="map-title">
      <h1 id="map-title">{t('map.title')}</h1>
      <div className="map-frame">
        <svg
          ref={svg}
          className="sites-map"
          height={HEIGHT}
          role="img"
          aria-label={t('map.label', { count: data.sites.length })}
        >
          <rect width="100%" height={HEIGHT} className="sea" />
          <g transform={transform.toString()}>
            {countryPaths.map((c) => (
              <path key={c.id} d={c.d} className={c.home ? 'land home' : 'land'} />
            ))}
            {(data.places?.places ?? []).map((p) => {
              const [x, y] = at([p.lon, p.lat]);
              return (
                <g
                  key={`${p.name}|${p.lon}|${p.lat}`}
                  className="place"
                  transform={`translate(${x},${y}) scale(${1 / k})`}
                >
                  <circle r={2.5} />
                  <text x={5} y={4}>
                    {p.name}
                  </text>
                </g>
              );
            })}
            {data.sites.map((s) => {
              const rings = ringsOf(s);
              const outline = rings.map((r) => `M${r.map((p) => at(p).join(',')).join('L')}Z`).join('');
              const [x, y] = at(markerOf(s));
              const colour = STATUS_COLOURS[s.status];
              return (
                <g
                  key={s.id}
                  data-site={s.code}
                  data-status={s.status}
                  className="site"
                  onClick={() => setChosen(s.id)}
                >
                  {rings.length > 0 && (
                    <path
                      d={outline}
                      fillRule="evenodd"
                      fill={colour}
                      fillOpacity={0.3}
                      stroke={colour}
                      strokeWidth={1.5 / k}
                    />
                  )}
                  <g transform={`translate(${x},${y}) scale(${1 / k})`}>
                    <circle
                      r={s.status === 'red' ? 9 : 7}
                      fill={colour}
                      stroke={s.id === chosen ? '#000' : '#fff'}
                      strokeWidth={2}
                    />
                    {/* Codes of neighbouring sites overlap until zoomed in: before, only the chosen one is named. */}
                    {(k >= 3 || s.id === chosen) && (
                      <text x={11} y={4} className="site-code">
                        {s.code}
                      </text>
                    )}
                  </g>
                </g>
              );
            })}
            {here && (
              <g className="here" data-testid="here">
                <circle
                  cx={at(here)[0]}
                  cy={at(here)[1]}
                  r={hereRadius}
                  className="accuracy"
                  strokeWidth={1 / k}
                />
                <circle cx={at(here)[0]} cy={at(here)[1]} r={9 / k} className="ring" strokeWidth={3 / k} />
                <circle cx={at(here)[0]} cy={at(here)[1]} r={4 / k} className="dot" />
              </g>
            )}
          </g>
        </svg>
        <div className="map-zoom">
          {(
            [
              ['+', 2, 'map.zoomIn'],
              ['−', 0.5, 'map.zoomOut'],
            ] as const
          ).map(([sign, by, label]) => (
            <button
              key={sign}
              type="button"
              aria-label={t(label)}
              onClick={() => svg.current && zoomer.current?.scaleBy(select(svg.current), by)}
            >
              {sign}
            </button>
          ))}
        </div>
        <p className="map-credit">{data.places?.attribution ?? t('map.noPlaces')}</p>
      </div>
      <ul className="legend" aria-label={t('map.legend')}>
        {(['green', 'yellow', 'red', 'blue'] as const).map((s) => (
          <li key={s}>
            <StatusBadge status={s} />
          </li>
        ))}
        <li className="legend-here">
          <span aria-hidden="true">◉</span> {t('map.here')}
        </li>
      </ul>
      {site && (
        <div className="site-card" data-site={site.code}>
          <div className="site-head">
            <strong>{site.code}</strong> <StatusBadge status={site.status} />
          </div>
          <div>{site.name}</div>
          <div className="actions">
            <button type="button" onClick={() => go({ name: 'sites' })}>
              {t('nav.sites')}
            </button>
          </div>
        </div>
      )}
      <GpsBlock gps={gps} />
    </section>
  );
}
