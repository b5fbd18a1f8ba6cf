import { useTranslation } from 'react-i18next';
import type { SiteStatus } from '../../../src/domain/sites/site.ts';

const SHAPES: Record<SiteStatus, string> = { blue: '○', green: '✓', yellow: '!', red: '✕' };

/**
 * A site status colour that also reads without colour: a symbol and a word. A site suspended by a verified level-1
 * incident says so beside its colour, whatever the colour: a green site under suspension must never read as green
 * alone.
 */
export function StatusBadge({ status, suspended = false }: { status: SiteStatus; suspended?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`badge badge-${status}`} data-status={status}>
        <span aria-hidden="true">{SHAPES[status]}</span> {t(`status.${status}`)}
      </span>
      {suspended && status !== 'red' && (
        <>
          {' '}
          <span className="badge badge-red" data-suspended="true">
            <span aria-hidden="true">⊘</span> {t('suspendedBadge')}
          </span>
        </>
      )}
    </>
  );
}
