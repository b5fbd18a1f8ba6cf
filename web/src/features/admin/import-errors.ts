/** A field error of an import, as the server names it: `requirements.3.tier`, `key`. */
export interface ImportError {
  path: string;
  message: string;
}

/** Where an import error sits: the requirement (1-based), its spreadsheet row, and the field; or a set field. */
export type PlacedError =
  | { kind: 'requirement'; index: number; row: number | null; field: string; error: ImportError }
  | { kind: 'set'; field: string; error: ImportError };

/**
 * Places each error of an import on the requirement it names — in a workbook, on its row (the first row holds the
 * headers, so requirement n is on row n + 1) — or on the set's own fields, in the order the requirements come.
 */
export function placeImportErrors(errors: readonly ImportError[], format: 'json' | 'xlsx'): PlacedError[] {
  const placed = errors.map((error): PlacedError => {
    const m = /^requirements\.(\d+)(?:\.(.+))?$/.exec(error.path);
    if (!m) return { kind: 'set', field: error.path || '—', error };
    const index = Number(m[1]) + 1;
    return {
      kind: 'requirement',
      index,
      row: format === 'xlsx' ? index + 1 : null,
      field: m[2] ?? '—',
      error,
    };
  });
  const order = (p: PlacedError) => (p.kind === 'set' ? 0 : p.index);
  return placed.sort((a, b) => order(a) - order(b));
}
