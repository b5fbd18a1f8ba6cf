import type { MessageKey } from '../i18n.ts';

const SHAPES: Record<string, string> = { blue: '○', green: '✓', yellow: '!', red: '✕' };

/** A site status colour that also reads without colour: a symbol and a word. */
export function StatusBadge({ status, t }: { status: string; t: (k: MessageKey) => string }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span aria-hidden="true">{SHAPES[status] ?? '?'}</span> {t(`status.${status}` as MessageKey)}
    </span>
  );
}
