import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../api/client.ts';
import { useSettled } from '../actors/duplicates.tsx';

/**
 * Before a site is saved: those already registered it may be (the same code, an alike name, or within the
 * configured distance of the point typed), asked for once the typing pauses, each a link to open instead.
 */
export function SiteDuplicates(props: { code: string; name: string; lon: string; lat: string }) {
  const { t } = useTranslation('sites', { keyPrefix: 'form' });
  const asked = useSettled({
    code: props.code.trim(),
    name: props.name.trim(),
    lon: Number(props.lon.replace(',', '.')),
    lat: Number(props.lat.replace(',', '.')),
  });
  const point =
    props.lon.trim() && props.lat.trim() && Number.isFinite(asked.lon) && Number.isFinite(asked.lat)
      ? { type: 'Point' as const, coordinates: [asked.lon, asked.lat] }
      : undefined;
  const found = useQuery({
    queryKey: ['sites', 'duplicates', asked],
    enabled: asked.name.length >= 3,
    queryFn: () =>
      ok(
        api.POST('/api/sites/duplicates', {
          body: { code: asked.code || null, name: asked.name, ...(point && { geometry: point }) },
        }),
      ),
  });
  if (!found.data?.length) return null;
  return (
    <div className="duplicates" role="status" data-testid="site-duplicates">
      <p>{t('duplicates')}</p>
      <ul>
        {found.data.map((d) => (
          <li key={d.id}>
            <Link to={`/sites/${d.id}`}>{d.name}</Link> (
            {d.reasons
              .filter((r) => r !== 'same_birth_year')
              .map((r) => t(`duplicateReason.${r}`, { distance: d.distanceM ?? 0 }))
              .join(', ')}
            )
          </li>
        ))}
      </ul>
    </div>
  );
}
