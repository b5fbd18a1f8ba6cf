/**
 * UN/ECE Recommendation 20 units that SimpleEventQuery's `_uom` parameters compare across: within one
 * dimension a value converts to the dimension's base unit as `value × factor + offset`.
 */
const DIMENSIONS: Record<string, Record<string, readonly [number, number]>> = {
  temperature: { KEL: [1, 0], CEL: [1, 273.15], FAH: [5 / 9, 459.67 * (5 / 9)] },
  mass: {
    KGM: [1, 0],
    GRM: [0.001, 0],
    MGM: [0.000001, 0],
    TNE: [1000, 0],
    LBR: [0.45359237, 0],
    ONZ: [0.028349523125, 0],
  },
  length: {
    MTR: [1, 0],
    CMT: [0.01, 0],
    MMT: [0.001, 0],
    KMT: [1000, 0],
    INH: [0.0254, 0],
    FOT: [0.3048, 0],
  },
  volume: { MTQ: [1, 0], LTR: [0.001, 0], MLT: [0.000001, 0], DMQ: [0.001, 0], CMQ: [0.000001, 0] },
  pressure: { PAL: [1, 0], KPA: [1000, 0], BAR: [100000, 0], MBR: [100, 0], HP: [100, 0] },
  time: { SEC: [1, 0], MIN: [60, 0], HUR: [3600, 0], DAY: [86400, 0] },
  speed: { MTS: [1, 0], KMH: [1 / 3.6, 0] },
};

export interface UnitConversion {
  /** The query's value in the base unit of its dimension. */
  base: number;
  /** Every unit of the dimension with its factor and offset to the base unit (only the unit itself when it has no dimension known here). */
  units: { uom: string; factor: number; offset: number }[];
}

/** A value given in one unit, and how each unit comparable with it converts to the same base. */
export function inBaseUnit(value: number, uom: string): UnitConversion {
  for (const units of Object.values(DIMENSIONS)) {
    const own = units[uom];
    if (!own) continue;
    return {
      base: value * own[0] + own[1],
      units: Object.entries(units).map(([u, [factor, offset]]) => ({ uom: u, factor, offset })),
    };
  }
  return { base: value, units: [{ uom, factor: 1, offset: 0 }] };
}
