/**
 * The schedule of an EPCIS query subscription (EPCIS 2.0 §8.2.5.3, REST binding): second, minute, hour,
 * dayOfMonth, month and dayOfWeek, each a list of numbers and [a-b] ranges. An omitted second is 0 (a
 * schedule does not fire every second); any other omitted field matches every value. Times are UTC.
 */
export const SCHEDULE_FIELDS = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [1, 7],
} as const;
export type ScheduleField = keyof typeof SCHEDULE_FIELDS;
export type Schedule = Partial<Record<ScheduleField, string>>;

/** The values one field allows, or an error naming it. */
export function fieldValues(field: ScheduleField, raw: string): Set<number> | string {
  const [min, max] = SCHEDULE_FIELDS[field];
  const out = new Set<number>();
  for (const part of raw.split(',').map((x) => x.trim())) {
    const range = /^\[(\d{1,2})-(\d{1,2})\]$/.exec(part);
    const single = /^\d{1,2}$/.test(part) ? Number(part) : null;
    const [a, b] = range ? [Number(range[1]), Number(range[2])] : [single, single];
    if (a === null || b === null || a < min || b > max || a > b)
      return `${field}: numbers from ${min} to ${max} and ranges [a-b], separated by commas`;
    for (let v = a; v <= b; v++) out.add(v);
  }
  return out;
}

/** Why a schedule cannot be read, field by field; empty when it can. */
export function scheduleErrors(s: Schedule): { field: ScheduleField; message: string }[] {
  const errors: { field: ScheduleField; message: string }[] = [];
  for (const f of Object.keys(SCHEDULE_FIELDS) as ScheduleField[]) {
    const raw = s[f];
    if (raw === undefined) continue;
    const v = fieldValues(f, raw);
    if (typeof v === 'string') errors.push({ field: f, message: v });
  }
  return errors;
}

/** The first instant after `after` (to the second, UTC) that the schedule matches, looking at most `days` ahead. */
export function nextRun(s: Schedule, after: Date, days = 400): Date | null {
  const allowed = (f: ScheduleField): Set<number> | null => {
    const raw = s[f] ?? (f === 'second' ? '0' : undefined);
    if (raw === undefined) return null;
    const v = fieldValues(f, raw);
    return typeof v === 'string' ? new Set() : v;
  };
  const [sec, min, hour, dom, mon, dow] = (Object.keys(SCHEDULE_FIELDS) as ScheduleField[]).map(allowed);
  const ok = (set: Set<number> | null, v: number) => set === null || set.has(v);
  const start = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  const day0 = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  for (let d = 0; d <= days; d++) {
    const day = new Date(day0 + d * 86_400_000);
    if (
      !ok(dom, day.getUTCDate()) ||
      !ok(mon, day.getUTCMonth() + 1) ||
      !ok(dow, ((day.getUTCDay() + 6) % 7) + 1)
    )
      continue;
    for (let h = 0; h < 24; h++) {
      if (!ok(hour, h)) continue;
      for (let m = 0; m < 60; m++) {
        if (!ok(min, m)) continue;
        for (let x = 0; x < 60; x++) {
          if (!ok(sec, x)) continue;
          const at = new Date(day.getTime() + ((h * 60 + m) * 60 + x) * 1000);
          if (at >= start) return at;
        }
      }
    }
  }
  return null;
}
