import type { MessageKey } from '../i18n.ts';

/** An incident level, readable without colour: the digit is always shown. */
export function LevelBadge({ level, t }: { level: number; t: (k: MessageKey) => string }) {
  return (
    <span className={`badge level-${level}`} data-level={level}>
      {t('level')} {level}
    </span>
  );
}
