import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Path, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
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

interface Values {
  lotIds: string[];
  batchTag: string;
  at: string;
}
const FIELDS: Path<Values>[] = ['lotIds', 'batchTag', 'at'];

const localNow = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** A holder puts lots together into a batch under a new tag: the batch names its inputs and keeps their cobalt. */
export function BatchPage() {
  return <WithStock>{(stock, lots) => <BatchForm stock={stock} lots={lots} />}</WithStock>;
}

function BatchForm({ stock, lots }: { stock: Stock; lots: Lot[] }) {
  const { t } = useTranslation('custody');
  const queries = useQueryClient();
  const [id, setId] = useState(() => crypto.randomUUID());
  const form = useForm<Values>({ defaultValues: { lotIds: [], batchTag: '', at: localNow() } });
  const server = useServerErrors(form, FIELDS, (p) => custodyField(p));
  const record = useMutation({
    mutationFn: (v: Values) =>
      ok(
        api.POST('/api/custody/aggregations', {
          body: {
            id,
            lotIds: idsOf(v.lotIds),
            ...(v.batchTag.trim() && { batchTag: v.batchTag.trim() }),
            at: new Date(v.at).toISOString(),
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
        title={t('op.batched')}
        result={record.data}
        onAgain={() => {
          setId(crypto.randomUUID());
          form.reset({ lotIds: [], batchTag: '', at: localNow() });
          record.reset();
        }}
      />
    );
  const v = form.watch();
  const chosen = lots.filter((l) => idsOf(v.lotIds).includes(l.id));
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
        legend={t('op.lotsToBatch')}
        register={form.register('lotIds')}
        error={errorOf('lotIds')}
      />
      <Field
        label={t('op.batchTag')}
        maxLength={64}
        autoComplete="off"
        error={errorOf('batchTag')}
        {...form.register('batchTag')}
      />
      <Field label={t('op.at')} type="datetime-local" error={errorOf('at')} {...form.register('at')} />
      <BalancePanel
        plan={{
          kind: 'aggregate',
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
        submitLabel={t('op.submit.aggregate')}
      />
    </form>
  );
}
