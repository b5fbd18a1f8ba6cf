import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type BalanceLot,
  type OperationPlan,
  operationBalance,
} from '../../../../src/domain/custody/operation-balance.ts';
import type { Answer } from '../../api/client.ts';
import { massText, percentText } from '../../components/measures.ts';
import { fieldSentence } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { heldLotsQuery, stockQuery } from './queries.ts';

export type Lot = Answer<'/api/lots'>['items'][number];
export type Stock = Answer<'/api/custody/stock'>;

/** Mass and percentages in the reader's language, with their units. */
export function useMeasures() {
  const locale = useLocale();
  return { mass: (kg: number) => massText(kg, locale), pct: (p: number) => percentText(p, locale) };
}

/** A lot as the balance takes it. */
export const balanceLot = (l: Lot): BalanceLot => ({
  label: l.tag ?? l.epc,
  massKg: l.massKg,
  gradePct: l.gradePct,
  holder: l.holder,
});

/** The stock of the signed-in organisation and the lots it holds, loaded before an operation form shows. */
export function WithStock({ children }: { children: (stock: Stock, lots: Lot[]) => ReactNode }) {
  const me = usePrincipal();
  const stock = useQuery(stockQuery);
  const lots = useQuery(heldLotsQuery(me.organisationId));
  if (stock.error || lots.error) return <Failure error={stock.error ?? lots.error} />;
  if (!stock.data || !lots.data) return <Loading />;
  return children(stock.data, lots.data);
}

/** The lots held, each with a box to choose it: tag, mass, grade and contained cobalt. */
export function LotChoice({
  lots,
  legend,
  register,
  error,
}: {
  lots: readonly Lot[];
  legend: string;
  register: UseFormRegisterReturn;
  error?: string;
}) {
  const { t } = useTranslation('custody');
  const { mass, pct } = useMeasures();
  const errorId = error ? `${register.name}-error` : undefined;
  return (
    <fieldset aria-invalid={error ? true : undefined} aria-describedby={errorId}>
      <legend>{legend}</legend>
      {lots.length === 0 && <p>{t('op.noLots')}</p>}
      <div className="checks">
        {lots.map((l) => (
          <label key={l.id} className="lot-choice">
            <input type="checkbox" value={l.id} {...register} />
            {t('op.lotLine', {
              tag: l.tag ?? l.epc,
              kind: t(`lotKind.${l.kind}`),
              mass: mass(l.massKg),
              grade: pct(l.gradePct),
              cobalt: mass(l.containedKg),
            })}
          </label>
        ))}
      </div>
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </fieldset>
  );
}

/**
 * What the operation would leave, before it is sent, by the rules the server applies: the holder's stock now,
 * the cobalt in and out, the loss against the tolerance, the stock after, and each rule it would break. The
 * server's own refusal of the balance shows here too (`error`).
 */
export function BalancePanel({ plan, error }: { plan: OperationPlan; error?: string }) {
  const { t } = useTranslation('custody');
  const { mass, pct } = useMeasures();
  const b = operationBalance(plan);
  const quantity = (q: { massKg: number; containedKg: number }) =>
    t('op.quantity', { mass: mass(q.massKg), cobalt: mass(q.containedKg) });
  return (
    <section className="balance" aria-label={t('op.balance')}>
      <h2>{t('op.balance')}</h2>
      <dl className="facts">
        <dt>{t('op.stockNow', { holder: plan.holder.name })}</dt>
        <dd>{quantity(plan.stock)}</dd>
        {plan.kind !== 'tag' && (
          <>
            <dt>{t(`op.in.${plan.kind}`)}</dt>
            <dd>{quantity(b.in)}</dd>
          </>
        )}
        {plan.kind !== 'transfer' && (
          <>
            <dt>{t(`op.out.${plan.kind}`)}</dt>
            <dd>{quantity(b.out)}</dd>
          </>
        )}
        {plan.kind === 'transform' && (
          <>
            <dt>{t('op.loss')}</dt>
            <dd>
              {t('op.lossValue', {
                kg: mass(b.lostKg),
                pct: pct(b.lossPct),
                tolerance: pct(plan.lossTolerancePct),
              })}
            </dd>
          </>
        )}
        <dt>{t('op.stockAfter')}</dt>
        <dd>{quantity(b.stockAfter)}</dd>
      </dl>
      {b.violations.length > 0 ? (
        <ul className="warning" aria-label={t('op.wouldBreak')}>
          {b.violations.map((v) => (
            <li key={v.code}>
              {fieldSentence({ path: v.rule, message: v.message, code: v.code, params: v.params })}
            </li>
          ))}
        </ul>
      ) : (
        plan.kind === 'transform' &&
        plan.outputs.length > 0 && <p className="notice">{t('op.withinTolerance')}</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** What an operation recorded: the lots it made or moved, and the incidents its rules opened. */
export function Recorded({
  title,
  result,
  onAgain,
}: {
  title: string;
  result: Answer<'/api/custody/tags', 'post'>;
  onAgain: () => void;
}) {
  const { t } = useTranslation('custody');
  const { mass, pct } = useMeasures();
  return (
    <section role="status" aria-label={title}>
      <p className="notice">{title}</p>
      <ul>
        {result.lots.map((l) => (
          <li key={l.id}>
            <Link to={`/lots/${l.id}`}>{l.tag ?? l.epc}</Link>{' '}
            {t('op.recordedLot', {
              mass: mass(l.massKg),
              grade: pct(l.gradePct),
              cobalt: mass(l.containedKg),
              holder: l.holder.name,
            })}
          </li>
        ))}
      </ul>
      {result.incidents.length > 0 && <p>{t('op.incidents', { codes: result.incidents.join(', ') })}</p>}
      <div className="form-actions">
        <button type="button" onClick={onAgain}>
          {t('op.again')}
        </button>
        <Link to="/stock">{t('op.backToStock')}</Link>
      </div>
    </section>
  );
}

/** The ids a group of boxes holds (react-hook-form gives one box's value alone, not in an array). */
export const idsOf = (x: unknown): string[] =>
  (Array.isArray(x) ? x : [x]).filter((s): s is string => typeof s === 'string' && s !== '');
