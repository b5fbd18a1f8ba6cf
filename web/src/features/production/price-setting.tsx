import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canSetPrice } from '../../../../src/domain/production/access.ts';
import { ApiError, api, ok } from '../../api/client.ts';
import { placeErrors } from '../../components/form-errors.ts';
import { FormFooter } from '../../components/form-footer.tsx';
import { problemText } from '../../components/problem-text.ts';
import { QuickForm } from '../../components/quick-form.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { toMinor } from '../../i18n/money.ts';
import { usePrincipal } from '../access/session.ts';

const CURRENCIES = ['USD', 'CDF', 'EUR'] as const;
/** The most a market-price file may weigh, as the server takes it. */
const MAX_CSV_BYTES = 1_000_000;

/**
 * Setting reference prices: the state buyer (or the registry keepers) sets the floor from a day on; the registry
 * keepers enter a market price by hand or import a CSV file of them, every row checked and every bad row named.
 */
export function PriceSetting({ queryKey }: { queryKey: readonly unknown[] }) {
  const { t } = useTranslation('production');
  const me = usePrincipal();
  const queries = useQueryClient();
  const own = useQuery({
    queryKey: ['organisations', me.organisationId],
    queryFn: () => ok(api.GET('/api/organisations/{id}', { params: { path: { id: me.organisationId } } })),
  });
  const roles = own.data?.chainRoles ?? [];
  const kinds = (['floor', 'market'] as const).filter((k) => canSetPrice(me, k, roles));
  if (kinds.length === 0) return null;
  const refresh = () => queries.invalidateQueries({ queryKey });
  return (
    <div className="two-forms">
      <section aria-label={t('setting.title')}>
        <h3>{t('setting.title')}</h3>
        <p className="hint">{t('setting.hint')}</p>
        <QuickForm
          submitLabel={t('setting.submit')}
          fields={[
            {
              name: 'kind',
              label: t('setting.kind'),
              options: kinds.map((k) => ({ value: k, label: t(`prices.${k}`) })),
            },
            {
              name: 'currency',
              label: t('setting.currency'),
              options: CURRENCIES.map((c) => ({ value: c, label: c })),
            },
            { name: 'perTonneMinor', label: t('setting.perTonne') },
            { name: 'effectiveOn', label: t('setting.effectiveOn'), type: 'date' },
            { name: 'source', label: t('setting.source') },
          ]}
          onSubmit={async (v) => {
            await ok(
              api.POST('/api/prices', {
                body: {
                  kind: v.kind as 'floor' | 'market',
                  currency: v.currency as (typeof CURRENCIES)[number],
                  perTonneMinor: toMinor(v.perTonneMinor),
                  effectiveOn: v.effectiveOn,
                  ...(v.source && { source: v.source }),
                },
              }),
            );
            await refresh();
          }}
        />
      </section>
      {kinds.includes('market') && <MarketImport onImported={refresh} />}
    </div>
  );
}

/** A CSV file of market prices, read in the browser and sent whole; the answer says how many rows were new. */
function MarketImport({ onImported }: { onImported: () => Promise<unknown> }) {
  const { t } = useTranslation('production');
  const n = new Intl.NumberFormat(useLocale());
  const [csv, setCsv] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors([]);
    setDone(null);
    if (csv.trim() === '') return setErrors([t('setting.empty')]);
    if (new Blob([csv]).size > MAX_CSV_BYTES) return setErrors([t('setting.tooLarge')]);
    setBusy(true);
    try {
      const r = await ok(api.POST('/api/prices/import', { body: { csv, source: 'csv' } }));
      setDone(t('setting.imported', { imported: n.format(r.imported), unchanged: n.format(r.unchanged) }));
      setCsv('');
      await onImported();
    } catch (err) {
      // Every bad row is named, each on its own line.
      setErrors(
        err instanceof ApiError
          ? placeErrors(err.problem, []).elsewhere.map((x) => x.replace(/^csv\.\d+ : /, ''))
          : [problemText(err)],
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-label={t('setting.importTitle')}>
      <h3>{t('setting.importTitle')}</h3>
      <p className="hint">{t('setting.importHint')}</p>
      <form className="record-form" onSubmit={submit} noValidate>
        <label className="field">
          {t('setting.file')}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setCsv(await file.text());
            }}
          />
        </label>
        <label className="field">
          {t('setting.csv')}
          <textarea value={csv} onChange={(e) => setCsv(e.target.value)} rows={6} />
        </label>
        {done && <p role="status">{done}</p>}
        <FormFooter problems={errors} busy={busy} submitLabel={t('setting.import')} />
      </form>
    </section>
  );
}
