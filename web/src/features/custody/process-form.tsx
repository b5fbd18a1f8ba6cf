import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type Path, useFieldArray, useForm } from 'react-hook-form';
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
  useMeasures,
  WithStock,
} from './operation-parts.tsx';
import { LOTS } from './queries.ts';
import { custodyField } from './rule-fields.ts';

interface Output {
  tag: string;
  massKg: string;
  gradePct: string;
}
interface Values {
  inputLotIds: string[];
  product: string;
  outputs: Output[];
  at: string;
  /** Not typed: where the server's refusal of the mass balance shows. */
  balance?: string;
}
const MAX_OUTPUTS = 20;

const localNow = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.replace(',', '.')));
const blank: Output = { tag: '', massKg: '', gradePct: '' };

/**
 * A holder processes lots into new ones, or splits one: the outputs' contained cobalt may fall short of the
 * inputs' by the loss tolerance, never exceed it. The balance shows before sending.
 */
export function ProcessPage() {
  return <WithStock>{(stock, lots) => <ProcessForm stock={stock} lots={lots} />}</WithStock>;
}

function ProcessForm({ stock, lots }: { stock: Stock; lots: Lot[] }) {
  const { t } = useTranslation('custody');
  const { pct } = useMeasures();
  const queries = useQueryClient();
  const [id, setId] = useState(() => crypto.randomUUID());
  const form = useForm<Values>({
    defaultValues: { inputLotIds: [], product: '', outputs: [{ ...blank }, { ...blank }], at: localNow() },
  });
  const outputs = useFieldArray({ control: form.control, name: 'outputs' });
  const fields: Path<Values>[] = [
    'inputLotIds',
    'product',
    'at',
    'balance',
    ...outputs.fields.flatMap((_, i) => [
      `outputs.${i}.tag` as const,
      `outputs.${i}.massKg` as const,
      `outputs.${i}.gradePct` as const,
    ]),
  ];
  const server = useServerErrors(form, fields, (p) => custodyField(p, 'inputLotIds'));
  const record = useMutation({
    mutationFn: (v: Values) =>
      ok(
        api.POST('/api/custody/transformations', {
          body: {
            id,
            inputLotIds: idsOf(v.inputLotIds),
            product: v.product.trim(),
            outputs: v.outputs.map((o) => ({
              ...(o.tag.trim() && { tag: o.tag.trim() }),
              massKg: num(o.massKg),
              gradePct: num(o.gradePct),
            })),
            at: new Date(v.at).toISOString(),
          },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: LOTS }),
    onError: server.show,
  });
  // The server's refusal of the balance was of the lots and outputs it was sent: a change to them clears it.
  useEffect(() => {
    const watching = form.watch((_, { name }) => {
      if (name?.startsWith('outputs') || name === 'inputLotIds') form.clearErrors('balance');
    });
    return () => watching.unsubscribe();
  }, [form]);
  const errorOf = (name: Path<Values>) => form.getFieldState(name, form.formState).error?.message;
  if (record.data)
    return (
      <Recorded
        title={t('op.processed')}
        result={record.data}
        onAgain={() => {
          setId(crypto.randomUUID());
          form.reset({ inputLotIds: [], product: '', outputs: [{ ...blank }, { ...blank }], at: localNow() });
          record.reset();
        }}
      />
    );
  const v = form.watch();
  const chosen = lots.filter((l) => idsOf(v.inputLotIds).includes(l.id));
  const typed = v.outputs
    .map((o) => ({ massKg: num(o.massKg), gradePct: num(o.gradePct) }))
    .filter((o) => Number.isFinite(o.massKg) && Number.isFinite(o.gradePct));
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
        legend={t('op.lotsToProcess')}
        register={form.register('inputLotIds')}
        error={errorOf('inputLotIds')}
      />
      <Field
        label={t('op.product')}
        maxLength={100}
        list="products"
        error={errorOf('product')}
        {...form.register('product')}
      />
      <datalist id="products">
        {(['split', 'hydroxide', 'concentrate'] as const).map((p) => (
          <option key={p} value={t(`op.products.${p}`)} />
        ))}
      </datalist>
      {outputs.fields.map((o, i) => (
        <fieldset key={o.id}>
          <legend>{t('op.output', { n: i + 1 })}</legend>
          <Field
            label={t('op.outputTag')}
            maxLength={64}
            autoComplete="off"
            error={errorOf(`outputs.${i}.tag`)}
            {...form.register(`outputs.${i}.tag`)}
          />
          <Field
            label={t('op.massKg')}
            inputMode="decimal"
            error={errorOf(`outputs.${i}.massKg`)}
            {...form.register(`outputs.${i}.massKg`)}
          />
          <Field
            label={t('op.gradePct')}
            inputMode="decimal"
            error={errorOf(`outputs.${i}.gradePct`)}
            {...form.register(`outputs.${i}.gradePct`)}
          />
          {outputs.fields.length > 1 && (
            <div className="form-actions">
              <button type="button" onClick={() => outputs.remove(i)}>
                {t('op.removeOutput', { n: i + 1 })}
              </button>
            </div>
          )}
        </fieldset>
      ))}
      {outputs.fields.length < MAX_OUTPUTS && (
        <div className="form-actions">
          <button type="button" onClick={() => outputs.append({ ...blank })}>
            {t('op.addOutput')}
          </button>
        </div>
      )}
      <Field label={t('op.at')} type="datetime-local" error={errorOf('at')} {...form.register('at')} />
      <p className="hint">{t('op.tolerance', { tolerance: pct(stock.rules.lossTolerancePct) })}</p>
      <BalancePanel
        plan={{
          kind: 'transform',
          holder: stock.holder,
          stock,
          inputs: chosen.map(balanceLot),
          outputs: typed,
          lossTolerancePct: stock.rules.lossTolerancePct,
        }}
        error={errorOf('balance')}
      />
      <FormFooter
        problems={server.elsewhere}
        busy={form.formState.isSubmitting}
        submitLabel={t('op.submit.transform')}
      />
    </form>
  );
}
