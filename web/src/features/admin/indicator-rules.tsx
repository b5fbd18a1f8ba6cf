import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_CATEGORIES } from '../../../../src/domain/criteria/criteria-set.ts';
import { INDICATORS, OPERATORS } from '../../../../src/domain/monitoring/indicator-rules.ts';
import { allPages } from '../../api/all-pages.ts';
import { api, ok } from '../../api/client.ts';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { AdminNav } from './admin-nav.tsx';
import { ADMIN, type IndicatorRule } from './queries.ts';

const RULES = [...ADMIN, 'indicator-rules'] as const;
const rulesQuery = {
  queryKey: RULES,
  queryFn: () =>
    allPages((cursor) =>
      ok(api.GET('/api/indicator-rules', { params: { query: { limit: 100, ...(cursor && { cursor }) } } })),
    ),
};

/** The rules that turn visits' indicators into incidents: each changed in place, and new ones added. */
export function IndicatorRulesPage() {
  const { t } = useTranslation('admin');
  const rules = useQuery(rulesQuery);
  const blank: IndicatorRule = {
    code: 'R-',
    indicator: 'childrenSeen',
    operator: '>',
    threshold: 0,
    level: 2,
    category: 'child_labour',
    title: '',
    enabled: true,
    revision: 0,
  };
  return (
    <>
      <AdminNav />
      <p className="hint">{t('rules.intro')}</p>
      {rules.error && <Failure error={rules.error} />}
      {!rules.data && !rules.error && <Loading />}
      {rules.data?.map((r) => (
        <RuleForm key={`${r.code}-${r.revision}`} rule={r} />
      ))}
      <RuleForm key={`new-${rules.data?.length ?? 0}`} rule={blank} isNew />
    </>
  );
}

function RuleForm({ rule, isNew = false }: { rule: IndicatorRule; isNew?: boolean }) {
  const { t } = useTranslation('admin');
  const { t: tm } = useTranslation('monitoring');
  const { t: ti } = useTranslation('incidents');
  const queries = useQueryClient();
  const [r, setR] = useState(rule);
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/api/indicator-rules/{code}', {
          params: { path: { code: r.code.trim().toUpperCase() } },
          body: {
            indicator: r.indicator,
            operator: r.operator,
            threshold: Number(r.threshold),
            level: r.level,
            category: r.category,
            title: r.title.trim(),
            enabled: r.enabled,
            ...(!isNew && { revision: rule.revision }),
          },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: RULES }),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  const title = isNew ? t('rules.newTitle') : `${rule.code} — ${rule.title}`;
  return (
    <form className="card record-form rule-form" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      {isNew && (
        <label className="field">
          {t('rules.code')}
          <input
            value={r.code}
            maxLength={32}
            required
            onChange={(e) => setR({ ...r, code: e.target.value })}
          />
        </label>
      )}
      <label className="field">
        {t('rules.indicator')}
        <select
          value={r.indicator}
          onChange={(e) => setR({ ...r, indicator: e.target.value as IndicatorRule['indicator'] })}
        >
          {INDICATORS.map((x) => (
            <option key={x} value={x}>
              {tm(`indicator.${x}` as never, { defaultValue: x })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('rules.operator')}
        <select
          value={r.operator}
          onChange={(e) => setR({ ...r, operator: e.target.value as IndicatorRule['operator'] })}
        >
          {OPERATORS.map((x) => (
            <option key={x} value={x}>
              {x === 'is_true' ? t('rules.isTrue') : x}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('rules.threshold')}
        <input
          type="number"
          step="any"
          value={r.threshold}
          onChange={(e) => setR({ ...r, threshold: e.target.valueAsNumber })}
        />
      </label>
      <label className="field">
        {t('rules.level')}
        <select
          value={r.level}
          onChange={(e) => setR({ ...r, level: Number(e.target.value) as IndicatorRule['level'] })}
        >
          {[1, 2, 3].map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('rules.category')}
        <select
          value={r.category}
          onChange={(e) => setR({ ...r, category: e.target.value as IndicatorRule['category'] })}
        >
          {RISK_CATEGORIES.map((x) => (
            <option key={x} value={x}>
              {ti(`category.${x}` as never, { defaultValue: x })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('rules.title')}
        <input
          value={r.title}
          maxLength={200}
          required
          onChange={(e) => setR({ ...r, title: e.target.value })}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={r.enabled}
          onChange={(e) => setR({ ...r, enabled: e.target.checked })}
        />{' '}
        {t('rules.enabled')}
      </label>
      {save.error && (
        <p role="alert" className="error">
          {problemText(save.error)}
        </p>
      )}
      {save.isSuccess && (
        <p role="status" className="saved">
          {t('rules.saved', { code: r.code.toUpperCase() })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {isNew ? t('rules.create') : t('rules.save')}
        </button>
      </div>
    </form>
  );
}
