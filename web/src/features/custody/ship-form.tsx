import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type Path, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type Answer, api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import {
  BalancePanel,
  balanceLot,
  idsOf,
  type Lot,
  LotChoice,
  Recorded,
  type Stock,
  WithStock,
} from './operation-parts.tsx';
import { LOTS } from './queries.ts';
import { custodyField } from './rule-fields.ts';

const TRANSACTIONS = ['inv', 'po', 'desadv', 'bol'] as const;
type Receiver = Answer<'/api/organisations'>['items'][number];

interface Values {
  lotIds: string[];
  toOrganisationId: string;
  transactionType: (typeof TRANSACTIONS)[number];
  transactionRef: string;
  shippedAt: string;
}
const FIELDS: Path<Values>[] = [
  'lotIds',
  'toOrganisationId',
  'transactionType',
  'transactionRef',
  'shippedAt',
];
const rename = (p: string) =>
  p === 'transaction.ref' ? 'transactionRef' : p === 'transaction.type' ? 'transactionType' : custodyField(p);

const localNow = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * A holder ships lots to another actor under a business document (an invoice): the shipping and the receiver's
 * receiving are recorded together, and the lots pass into the receiver's stock. To a receiver abroad it is the
 * export.
 */
export function ShipPage() {
  return <WithStock>{(stock, lots) => <ShipForm stock={stock} lots={lots} />}</WithStock>;
}

function ShipForm({ stock, lots }: { stock: Stock; lots: Lot[] }) {
  const { t } = useTranslation('custody');
  const queries = useQueryClient();
  const [id, setId] = useState(() => crypto.randomUUID());
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const handle = setTimeout(() => setQ(typed.trim()), typed ? 250 : 0);
    return () => clearTimeout(handle);
  }, [typed]);
  const receivers = useQuery({
    queryKey: ['organisations', 'list', { q, limit: 50 }],
    queryFn: () =>
      ok(api.GET('/api/organisations', { params: { query: { ...(q && { q }), limit: 50 } } })).then((p) =>
        p.items.filter((o) => o.id !== stock.holder.id),
      ),
    // The list being searched keeps its options until the next answer, so the receiver chosen stays shown.
    placeholderData: keepPreviousData,
  });
  // The receiver chosen stays among the options whatever is searched next.
  const [picked, setPicked] = useState<Receiver | null>(null);
  const form = useForm<Values>({
    defaultValues: {
      lotIds: [],
      toOrganisationId: '',
      transactionType: 'inv',
      transactionRef: '',
      shippedAt: localNow(),
    },
  });
  const server = useServerErrors(form, FIELDS, rename);
  const record = useMutation({
    mutationFn: (v: Values) =>
      ok(
        api.POST('/api/custody/transfers', {
          body: {
            id,
            lotIds: idsOf(v.lotIds),
            toOrganisationId: v.toOrganisationId,
            transaction: { type: v.transactionType, ref: v.transactionRef.trim() },
            shippedAt: new Date(v.shippedAt).toISOString(),
          },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: LOTS }),
    onError: server.show,
  });
  const errorOf = (name: Path<Values>) => form.getFieldState(name, form.formState).error?.message;
  if (record.data)
    return (
      <Recorded
        title={t('op.shipped')}
        result={record.data}
        onAgain={() => {
          setId(crypto.randomUUID());
          form.reset({ ...form.getValues(), lotIds: [], transactionRef: '', shippedAt: localNow() });
          record.reset();
        }}
      />
    );
  const v = form.watch();
  const chosen = lots.filter((l) => idsOf(v.lotIds).includes(l.id));
  const options = [...(picked ? [picked] : []), ...(receivers.data ?? []).filter((o) => o.id !== picked?.id)];
  const receiver = options.find((o) => o.id === v.toOrganisationId);
  const choose = form.register('toOrganisationId', {
    onChange: (e) => setPicked(options.find((o) => o.id === e.target.value) ?? null),
  });
  return (
    <form
      className="record-form"
      onSubmit={form.handleSubmit((values) => {
        server.clear();
        return record.mutateAsync(values).catch(() => {});
      })}
      noValidate
    >
      <LotChoice
        lots={lots}
        legend={t('op.lotsToShip')}
        register={form.register('lotIds')}
        error={errorOf('lotIds')}
      />
      <Field
        label={t('op.findReceiver')}
        type="search"
        maxLength={100}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      <label className="field">
        {t('op.receiver')}
        <select
          aria-invalid={errorOf('toOrganisationId') ? true : undefined}
          aria-describedby={errorOf('toOrganisationId') ? 'toOrganisationId-error' : undefined}
          {...choose}
        >
          <option value="">{t('op.chooseReceiver')}</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.legalName}
            </option>
          ))}
        </select>
        {errorOf('toOrganisationId') && (
          <span className="field-error" id="toOrganisationId-error">
            {errorOf('toOrganisationId')}
          </span>
        )}
      </label>
      {receiver && receiver.country !== 'CD' && (
        <p className="notice">{t('op.export', { country: receiver.country })}</p>
      )}
      {stock.rules.stateBuyerMonopoly && <p className="notice">{t('op.monopoly')}</p>}
      <label className="field">
        {t('op.transactionType')}
        <select {...form.register('transactionType')}>
          {TRANSACTIONS.map((x) => (
            <option key={x} value={x}>
              {t(`op.transaction.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <Field
        label={t('op.transactionRef')}
        maxLength={200}
        error={errorOf('transactionRef')}
        {...form.register('transactionRef')}
      />
      <Field
        label={t('op.shippedAt')}
        type="datetime-local"
        error={errorOf('shippedAt')}
        {...form.register('shippedAt')}
      />
      <BalancePanel
        plan={{
          kind: 'transfer',
          holder: stock.holder,
          stock,
          inputs: chosen.map(balanceLot),
          outputs: [],
          lossTolerancePct: stock.rules.lossTolerancePct,
        }}
      />
      <FormFooter
        problems={server.elsewhere}
        busy={form.formState.isSubmitting}
        submitLabel={t('op.submit.transfer')}
      />
    </form>
  );
}
