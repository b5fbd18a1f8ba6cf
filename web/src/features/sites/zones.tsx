import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canRegisterActors } from '../../../../src/domain/access/roles.ts';
import { api, ok } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { QuickForm } from '../../components/quick-form.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';

/** Zones with the sites each holds, read by every signed-in role; the map draws them as a layer. */
export const zonesQuery = { queryKey: ['zones'], queryFn: () => ok(api.GET('/api/zones')) };

/** The GeoJSON text typed in the form, read as an object; left as typed when it is not JSON, for the server to name. */
const geometryOf = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Artisanal zones and concession areas set aside for artisanal mining: their legal basis, dates and the sites
 * each holds, and the sites that lie in none (a red flag on their operators). Registry keepers record new zones.
 */
export function ZonesPage() {
  const { t } = useTranslation('sites');
  const me = usePrincipal();
  const day = useDayFormat();
  const n = new Intl.NumberFormat(useLocale());
  const zones = useQuery(zonesQuery);
  const queries = useQueryClient();
  if (zones.error) return <Failure error={zones.error} />;
  if (!zones.data) return <Loading />;
  const { items, sitesOutside } = zones.data;
  return (
    <article className="zones">
      <p className="intro">{t('zones.intro')}</p>
      <section className="card" aria-label={t('zones.outsideTitle')}>
        <h2>{t('zones.outsideTitle')}</h2>
        {sitesOutside.length === 0 ? (
          <p className="empty">{items.length === 0 ? t('zones.noZonesYet') : t('zones.noneOutside')}</p>
        ) : (
          <ul className="red-flags">
            {sitesOutside.map((s) => (
              <li key={s.id}>
                <Link to={`/sites/${s.id}`}>
                  {s.code} — {s.name}
                </Link>{' '}
                {t('zones.outsideFlag')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-label={t('zones.title')}>
        <h2>
          {t('zones.title')} ({n.format(items.length)})
        </h2>
        <p>
          <Link to="/map">{t('zones.onMap')}</Link>
        </p>
        <table>
          <thead>
            <tr>
              <th>{t('zones.code')}</th>
              <th>{t('zones.name')}</th>
              <th>{t('zones.kind')}</th>
              <th>{t('zones.legalBasis')}</th>
              <th>{t('zones.validFrom')}</th>
              <th>{t('zones.validUntil')}</th>
              <th>{t('zones.sites')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((z) => (
              <tr key={z.id}>
                <td>{z.code}</td>
                <td>{z.name}</td>
                <td>{t(`zones.kinds.${z.kind}`)}</td>
                <td>{z.legalBasis}</td>
                <td>{day(z.validFrom)}</td>
                <td>{z.validUntil ? day(z.validUntil) : t('zones.noEnd')}</td>
                <td>{z.siteCodes.length ? z.siteCodes.join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {canRegisterActors(me) && (
        <section className="card" aria-label={t('zones.add')}>
          <h2>{t('zones.add')}</h2>
          <QuickForm
            submitLabel={t('zones.add')}
            fields={[
              { name: 'code', label: t('zones.code') },
              { name: 'name', label: t('zones.name') },
              {
                name: 'kind',
                label: t('zones.kind'),
                options: (['artisanal_zone', 'concession_asm'] as const).map((k) => ({
                  value: k,
                  label: t(`zones.kinds.${k}`),
                })),
              },
              { name: 'legalBasis', label: t('zones.legalBasis') },
              { name: 'validFrom', label: t('zones.validFrom'), type: 'date' },
              { name: 'validUntil', label: t('zones.validUntil'), type: 'date' },
              { name: 'geometry', label: t('zones.geometry'), type: 'textarea' },
            ]}
            onSubmit={async (v) => {
              await ok(
                api.POST('/api/zones', {
                  body: {
                    code: v.code,
                    name: v.name,
                    kind: v.kind as 'artisanal_zone' | 'concession_asm',
                    legalBasis: v.legalBasis,
                    validFrom: v.validFrom,
                    validUntil: v.validUntil || null,
                    geometry: geometryOf(v.geometry),
                  },
                }),
              );
              await queries.invalidateQueries({ queryKey: zonesQuery.queryKey });
            }}
          />
        </section>
      )}
    </article>
  );
}
