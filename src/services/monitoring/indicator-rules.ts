import { canHandleIncidents } from '../../domain/access/roles.ts';
import { DEFAULT_RULES, type IndicatorRule } from '../../domain/monitoring/indicator-rules.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  findIndicatorRule,
  hasIndicatorRules,
  insertIndicatorRule,
  listIndicatorRules,
  listIndicatorRulesPage,
  lockIndicatorRule,
  type RuleRow,
  upsertIndicatorRule,
} from '../../storage/queries/monitoring.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { forbidden, notFound, stale } from '../errors.ts';
import type { IndicatorRuleView } from './views.ts';

const toRule = (r: RuleRow): IndicatorRuleView => ({
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
  return (await listIndicatorRules(q)).map(toRule);
}

/** The rules by level then code, one page at a time; every signed-in user may read them. */
export async function listRules(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<IndicatorRuleView>> {
  const rows = await listIndicatorRulesPage(
    ctx.db,
    cursorKey(f.cursor, ['int', 'text']) as [number, string] | undefined,
    f.limit + 1,
  );
  return toPage(rows, f.limit, (r) => [r.level, r.code], toRule);
}

/** Installs the default rules on a new installation (never over an operator's changes). */
export async function installDefaultRules(ctx: ServiceContext) {
  if (await hasIndicatorRules(ctx.db)) return;
  await ctx.db.transaction(async (tx) => {
    for (const r of DEFAULT_RULES) {
      await insertIndicatorRule(tx, r);
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
): Promise<IndicatorRuleView> {
  if (!canHandleIncidents(ctx.principal))
    throw forbidden('only analysts and administrators change indicator rules', {
      code: 'monitoring.rules-role',
    });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const existing = await lockIndicatorRule(tx, code);
    if (existing && existing.revision !== rule.revision)
      throw stale('rule', existing.revision, `rule ${code}`);
    await upsertIndicatorRule(tx, {
      code,
      indicator: rule.indicator,
      operator: rule.operator,
      threshold: rule.threshold,
      level: rule.level,
      category: rule.category,
      title: rule.title,
      enabled: rule.enabled,
    });
    await appendEvent(tx, {
      type: 'indicator_rule.saved',
      subjectType: 'indicator_rule',
      subjectId: code,
      payload: { ...rule, code },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  const saved = await findIndicatorRule(ctx.db, code);
  if (!saved) throw notFound('rule');
  return toRule(saved);
}
