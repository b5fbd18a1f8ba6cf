import type { DestinationStream } from 'pino';
import pino from 'pino';
import { PinoPretty } from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

/** `auto` is pretty at a terminal (a developer reading it) and JSON otherwise (a service manager collecting it). */
export function resolveLogFormat(setting: LogFormat | 'auto', isTty: boolean): LogFormat {
  if (setting !== 'auto') return setting;
  return isTty ? 'pretty' : 'json';
}

interface RequestLine {
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  msg?: string;
}

/** A request's log line as a reader wants it: `GET /api/sites 200 3.2 ms`; any other line keeps its message. */
export function requestSummary(log: RequestLine): string {
  if (!log.req || !log.res) return log.msg ?? '';
  const ms = typeof log.responseTime === 'number' ? ` ${log.responseTime.toFixed(1)} ms` : '';
  const failed = log.msg && log.msg !== 'request completed' ? ` (${log.msg})` : '';
  return `${log.req.method} ${log.req.url} ${log.res.statusCode}${ms}${failed}`;
}

/**
 * Where log lines go. JSON lines are written to stdout without blocking: those that complete while a write is under
 * way go out together in the next one, so a busy server makes one write for many requests. Pretty lines (pino-pretty)
 * are one line per request with the request's fields folded into its message; an error keeps its stack below it.
 */
export function logDestination(
  format: LogFormat,
  colorize: boolean,
): DestinationStream & { flushSync?: () => void } {
  if (format === 'json') return pino.destination({ dest: 1, sync: false });
  return PinoPretty({
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime,reqId',
    messageFormat: (log) => requestSummary(log as RequestLine),
    sync: true,
  });
}
