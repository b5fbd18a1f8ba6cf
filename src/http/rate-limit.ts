import { HttpProblem } from './problems.ts';

/**
 * Counts requests per client address in fixed windows, in memory: enough to keep one address from flooding
 * a public form; a cluster would move the counters to the database.
 */
export function rateLimiter(max: number, windowMs: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return (key: string, what: string) => {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
      if (windows.size > 50_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
    }
    w.count++;
    if (w.count > max) {
      const retry = Math.ceil((w.start + windowMs - t) / 1000);
      throw new HttpProblem(
        'too-many-requests',
        `too many ${what} from your address; try again in ${retry} seconds`,
      );
    }
  };
}
