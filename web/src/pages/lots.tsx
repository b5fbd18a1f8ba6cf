import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useListControls } from '../components/list-controls.tsx';
import { problemText } from '../components/problem-text.ts';
import type { MessageKey } from '../i18n.ts';

export interface Lot {
  id: string;
  epc: string;
  tag: string | null;
  kind: 'sack' | 'batch' | 'output';
  siteId: string | null;
  producedAt: string;
  massKg: number;
  gradePct: number;
  containedKg: number;
  holder: { id: string; name: string };
  consumed: boolean;
  nonConformingShare: number;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** The non-conforming share of a lot, as a badge that also reads without colour. */
export function TaintBadge({ share, t }: { share: number; t: (k: MessageKey) => string }) {
  if (share <= 0) return <span className="badge badge-green">✓ {t('conforming')}</span>;
  return (
    <span className="badge badge-red" data-testid="taint">
      ✕ {pct(share)} {t('nonConforming')}
    </span>
  );
}

/** The lots of the caller's chain (all of them for registry staff), newest first. */
export function LotsPage({ t, onOpen }: { t: (k: MessageKey) => string; onOpen: (id: string) => void }) {
  const [lots, setLots] = useState<Lot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [onlyHeld, setOnlyHeld] = useState(false);
  useEffect(() => {
    api<{ items: Lot[] }>('GET', '/api/lots?limit=500').then(
      (r) => setLots(r.items),
      (e) => setError(problemText(e)),
    );
  }, []);
  const list = useListControls(
    (lots ?? []).filter((l) => !onlyHeld || !l.consumed),
    t,
    {
      text: (l) => `${l.tag ?? l.epc} ${l.holder.name}`,
      keys: {
        tag: (l) => l.tag ?? l.epc,
        date: (l) => l.producedAt,
        mass: (l) => l.massKg,
        cobalt: (l) => l.containedKg,
        holder: (l) => l.holder.name,
        origin: (l) => l.nonConformingShare,
      },
    },
  );
  const shown = list.rows;
  return (
    <section aria-label={t('lots')}>
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={onlyHeld} onChange={(e) => setOnlyHeld(e.target.checked)} />
          {t('onlyCurrentLots')}
        </label>
      </div>
      {list.search}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {lots === null && !error && <p role="status">{t('loading')}</p>}
      {lots !== null && list.total === 0 && <p className="empty">{t('noLots')}</p>}
      {shown.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {list.header(t('tagOrEpc'), 'tag')}
                {list.header(t('kind'))}
                {list.header(t('date'), 'date')}
                {list.header(t('massKg'), 'mass')}
                {list.header(t('lotGradePct'))}
                {list.header(t('cobaltKg'), 'cobalt')}
                {list.header(t('holder'), 'holder')}
                {list.header(t('origin'), 'origin')}
              </tr>
            </thead>
            <tbody>
              {shown.map((l) => (
                <tr key={l.id}>
                  <td>
                    <a
                      href={`/lots/${l.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        onOpen(l.id);
                      }}
                    >
                      {l.tag ?? l.epc}
                    </a>
                  </td>
                  <td>{t(`lotKind.${l.kind}` as MessageKey)}</td>
                  <td>{l.producedAt.slice(0, 10)}</td>
                  <td className="num">{l.massKg.toLocaleString()}</td>
                  <td className="num">
                    {l.gradePct.toLocaleString(undefined, { maximumFractionDigits: 2 })}
                  </td>
                  <td className="num">{l.containedKg.toLocaleString()}</td>
                  <td>
                    {l.holder.name}
                    {l.consumed && <small> ({t('consumed')})</small>}
                  </td>
                  <td>
                    <TaintBadge share={l.nonConformingShare} t={t} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.more}
        </div>
      )}
    </section>
  );
}
