import { createHash } from 'node:crypto';
import { ENTRY_FIELDS, type EntryField, type ListEntry } from './list-entry.ts';

/** What happened to one entry between two versions of a list. */
export interface EntryChange {
  reference: string;
  change: 'added' | 'removed' | 'changed';
  kind: ListEntry['kind'];
  name: string;
  /** For a changed entry, the fields that differ, in ENTRY_FIELDS order; empty otherwise. */
  fields: EntryField[];
}

/** JSON with the keys of every object in order: the same entry read back from jsonb (which reorders keys) compares equal. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** A digest of everything an entry says: two versions of an entry are the same exactly when it is equal. */
export function entryFingerprint(e: ListEntry): string {
  const h = createHash('sha256');
  for (const f of ENTRY_FIELDS) h.update(f).update('\u0000').update(canonical(e[f])).update('\u0000');
  return h.digest('hex').slice(0, 32);
}

/** The fields in which two versions of an entry differ. */
export function changedFields(before: ListEntry, after: ListEntry): EntryField[] {
  return ENTRY_FIELDS.filter((f) => canonical(before[f]) !== canonical(after[f]));
}

/**
 * The difference between two versions of a list, by reference number: entries added, removed and changed (with
 * the fields that changed), ordered by reference. A first version has every entry added.
 */
export function diffEntries(previous: readonly ListEntry[], next: readonly ListEntry[]): EntryChange[] {
  const before = new Map(previous.map((e) => [e.reference, e]));
  const after = new Map(next.map((e) => [e.reference, e]));
  const changes: EntryChange[] = [];
  for (const e of next) {
    const old = before.get(e.reference);
    if (!old)
      changes.push({ reference: e.reference, change: 'added', kind: e.kind, name: e.name, fields: [] });
    else {
      const fields = changedFields(old, e);
      if (fields.length)
        changes.push({ reference: e.reference, change: 'changed', kind: e.kind, name: e.name, fields });
    }
  }
  for (const e of previous)
    if (!after.has(e.reference))
      changes.push({ reference: e.reference, change: 'removed', kind: e.kind, name: e.name, fields: [] });
  return changes.sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
}

/** How many entries each kind of change concerns. */
export function diffCounts(changes: readonly EntryChange[]): {
  added: number;
  removed: number;
  changed: number;
} {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) counts[c.change]++;
  return counts;
}

/** The entries of a list that share a reference number (a list must name each entry once). */
export function duplicateReferences(entries: readonly ListEntry[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const e of entries) (seen.has(e.reference) ? twice : seen).add(e.reference);
  return [...twice].sort();
}
