import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import type { MessageKey } from '../i18n.ts';
import type { Lot } from './lots.tsx';

interface Downstream {
  lots: (Lot & { siteShare: number; siteContainedKg: number })[];
  organisations: { id: string; name: string; containedKg: number }[];
}

/** Where a site's production went: the organisations it reached and the lots carrying it. */
export function SiteFlows({
  siteId,
  t,
  onOpenLot,
}: {
  siteId: string;
  t: (k: MessageKey) => string;
  onOpenLot: (id: string) => void;
}) {
  const [flows, setFlows] = useState<Downstream | null>(null);
  useEffect(() => {
    api<Downstream>('GET', `/api/sites/${siteId}/downstream`).then(setFlows, () =>
      setFlows({ lots: [], organisations: [] }),
    );
  }, [siteId]);
  return (
    <section aria-label={t('outgoingFlows')}>
      <h2>{t('outgoingFlows')}</h2>
      {flows === null ? (
        <p role="status">{t('loading')}</p>
      ) : flows.lots.length === 0 ? (
        <p className="empty">{t('noFlows')}</p>
      ) : (
        <>
          <p>{t('reachedOrganisations')}</p>
          <ul data-testid="reached">
            {flows.organisations.map((o) => (
              <li key={o.id}>
                {o.name}
                {o.containedKg > 0 && ` — ${o.containedKg.toLocaleString()} kg Co ${t('heldNow')}`}
              </li>
            ))}
          </ul>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('tagOrEpc')}</th>
                  <th>{t('kind')}</th>
                  <th>{t('holder')}</th>
                  <th className="num">{t('share')}</th>
                  <th className="num">{t('cobaltKg')}</th>
                </tr>
              </thead>
              <tbody>
                {flows.lots.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <a
                        href={`/lots/${l.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          onOpenLot(l.id);
                        }}
                      >
                        {l.tag ?? l.epc}
                      </a>
                    </td>
                    <td>{t(`lotKind.${l.kind}` as MessageKey)}</td>
                    <td>{l.holder.name}</td>
                    <td className="num">{Math.round(l.siteShare * 1000) / 10} %</td>
                    <td className="num">{l.siteContainedKg.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
