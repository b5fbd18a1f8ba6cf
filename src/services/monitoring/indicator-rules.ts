import { canHandleIncidents } from '../../domain/access/roles.ts';
import { DEFAULT_RULES, type IndicatorRule } from '../../domain/monitoring/indicator-rules.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { forbidden, notFound, stale } from '../errors.ts';

interface RuleRow {
  code: string;
  indicator: IndicatorRule['indicator'];
  operator: IndicatorRule['operator'];
  threshold: number;
  level: IndicatorRule['level'];
  category: IndicatorRule['category'];
  title: string;
  enabled: boolean;
  revision: number;
}

const toRule = (r: RuleRow) => ({
  code: r.code,
  indicator: r.indicator,
  operator: r.operator,
  threshold: r.threshold,
  level: r.level,
  category: r.category,
  title: r.title,
  enabled: r.enabled,
  revision: r.revision,
});

export async function loadRules(q: Queryable): Promise<(IndicatorRule & { revision: number })[]> {
  return (await q.query<RuleRow>('SELECT * FROM indicator_rules ORDER BY level, code')).rows.map(toRule);
}

export const listRules = (ctx: AuthedContext) => loadRules(ctx.db);

/** Installs the default rules on a new installation (never over an operator's changes). */
export async function installDefaultRules(ctx: ServiceContext) {
  const any = await ctx.db.query('SELECT 1 FROM indicator_rules LIMIT 1');
  if (any.rows.length) return;
  await ctx.db.transaction(async (tx) => {
    for (const r of DEFAULT_RULES) {
      await tx.query(
        'INSERT INTO indicator_rules (code, indicator, operator, threshold, level, category, title, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [r.code, r.indicator, r.operator, r.threshold, r.level, r.category, r.title, r.enabled],
      );
    }
    await appendEvent(tx, {
      type: 'indicator_rules.installed',
      subjectType: 'indicator_rules',
      subjectId: 'default',
      payload: { rules: DEFAULT_RULES },
      actor: null,
      at: ctx.clock(),
    });
  });
}

/** Creates or replaces a rule by code; an existing one needs the revision that was read. */
export async function putRule(
  ctx: AuthedContext,
  code: string,
  rule: Omit<IndicatorRule, 'code'> & { revision?: number },
) {
  if (!canHandleIncidents(ctx.principal))
    throw forbidden('only analysts and administrators change indicator rules');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const existing = (
      await tx.query<RuleRow>('SELECT * FROM indicator_rules WHERE code = $1 FOR UPDATE', [code])
    ).rows[0];
    if (existing && existing.revision !== rule.revision)
      throw stale('rule', existing.revision, `rule ${code}`);
    await tx.query(
      `INSERT INTO indicator_rules (code, indicator, operator, threshold, level, category, title, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET indicator = $2, operator = $3, threshold = $4, level = $5, category = $6, title = $7, enabled = $8,
                                        revision = indicator_rules.revision + 1`,
      [
        code,
        rule.indicator,
        rule.operator,
        rule.threshold,
        rule.level,
        rule.category,
        rule.title,
        rule.enabled,
      ],
    );
    await appendEvent(tx, {
      type: 'indicator_rule.saved',
      subjectType: 'indicator_rule',
      subjectId: code,
      payload: { ...rule, code },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  const saved = (await loadRules(ctx.db)).find((r) => r.code === code);
  if (!saved) throw notFound('rule');
  return saved;
}
