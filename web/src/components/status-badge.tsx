import { useTranslation } from 'react-i18next';
import type { SiteStatus } from '../../../src/domain/sites/site.ts';

const SHAPES: Record<SiteStatus, string> = { blue: '○', green: '✓', yellow: '!', red: '✕' };

/** A site status colour that also reads without colour: a symbol and a word. */
export function StatusBadge({ status }: { status: SiteStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span aria-hidden="true">{SHAPES[status]}</span> {t(`status.${status}`)}
    </span>
  );
}
