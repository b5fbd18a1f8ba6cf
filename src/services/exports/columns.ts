import { z } from 'zod';
import type { Column, ColumnKind } from '../../domain/exports/table.ts';

type AnyZod = z.ZodType;
interface Def {
  type: string;
  innerType?: AnyZod;
  element?: AnyZod;
  format?: string;
  in?: AnyZod;
  out?: AnyZod;
  options?: AnyZod[];
  getter?: () => AnyZod;
}
const defOf = (s: AnyZod) => (s as unknown as { def: Def }).def;
const shapeOf = (s: AnyZod) => (s as unknown as { shape: Record<string, AnyZod> }).shape;

/** The schema under optional, nullable, default, readonly and pipes (a pipe's output is what is sent). */
function bare(schema: AnyZod): AnyZod {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(s);
    if (
      ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)
    )
      s = def.innerType as AnyZod;
    else if (def.type === 'pipe')
      s = (defOf(def.out as AnyZod).type === 'transform' ? def.in : def.out) as AnyZod;
    else if (def.type === 'lazy') s = (def.getter as () => AnyZod)();
    else return s;
  }
  return s;
}

// Time fields of the views are strings described as ISO-8601 (src/services/views.ts) or named for a time.
const TIME_NAME = /(^at|At|Time|^since|Since|Until|^deadline|Deadline|From|To|Date|Day|On)$/;

function leafKind(name: string, schema: AnyZod): ColumnKind | undefined {
  const def = defOf(schema);
  const described = (schema as { description?: string }).description ?? '';
  switch (def.type) {
    case 'number':
    case 'int':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
    case 'literal':
      return 'text';
    case 'string':
      if (def.format === 'date' || described.startsWith('ISO-8601 date (')) return 'day';
      if (def.format === 'datetime' || described.startsWith('ISO-8601 date-time')) return 'instant';
      return TIME_NAME.test(name) ? 'instant' : 'text';
    case 'union': {
      const kinds = new Set((def.options ?? []).map((o) => leafKind(name, bare(o)) ?? 'json'));
      return kinds.size === 1 ? [...kinds][0] : 'json';
    }
    default:
      return undefined;
  }
}

/** A record small and flat enough to spread over columns of its own (a cooperative's id and name). */
function flatFields(schema: AnyZod): [string, AnyZod][] | null {
  if (defOf(schema).type !== 'object') return null;
  const fields = Object.entries(shapeOf(schema)).map(([k, v]) => [k, bare(v)] as [string, AnyZod]);
  if (fields.length > 8 || fields.some(([k, v]) => leafKind(k, v) === undefined)) return null;
  return fields;
}

const NAMING_FIELDS = ['code', 'name', 'title', 'legalName', 'reference', 'id'];

/** Whether a field is declared never to leave in an export (`.meta({ export: false })`, at any wrapping). */
function neverExported(field: AnyZod): boolean {
  let s: AnyZod | undefined = field;
  for (let i = 0; s && i < 20; i++) {
    if ((z.globalRegistry.get(s) as { export?: boolean } | undefined)?.export === false) return true;
    s = defOf(s).innerType;
  }
  return false;
}

function columnsOf(schema: AnyZod, prefix: string[]): Column[] {
  const columns: Column[] = [];
  for (const [name, field] of Object.entries(shapeOf(schema))) {
    if (neverExported(field)) continue;
    const s = bare(field);
    const path = [...prefix, name];
    const key = path.join('.');
    const kind = leafKind(name, s);
    if (kind) {
      // A day-of-year named like an instant still says which it is by its content; cellOf checks the shape.
      columns.push({ key, path, kind: kind === 'instant' && defOf(s).format === 'date' ? 'day' : kind });
      continue;
    }
    const def = defOf(s);
    if (def.type === 'array') {
      const element = bare(def.element as AnyZod);
      if (defOf(element).type === 'object') {
        const fields = Object.keys(shapeOf(element));
        const listField = NAMING_FIELDS.find((f) => fields.includes(f));
        columns.push(listField ? { key, path, kind: 'list', listField } : { key, path, kind: 'json' });
      } else columns.push({ key, path, kind: leafKind(name, element) ? 'list' : 'json' });
      continue;
    }
    const flat = prefix.length === 0 ? flatFields(s) : null;
    if (flat) columns.push(...columnsOf(s, path));
    else columns.push({ key, path, kind: 'json' });
  }
  return columns;
}

/**
 * The columns of a list's export, from the Zod schema of its items: one per field, in the schema's order; a small
 * flat record (`cooperative: { id, name }`) spread over columns of its own, any other record as JSON text.
 */
export function exportColumns(item: z.ZodType): Column[] {
  const s = bare(item);
  if (defOf(s).type !== 'object') return [{ key: 'value', path: [], kind: 'json' }];
  return columnsOf(s, []);
}
