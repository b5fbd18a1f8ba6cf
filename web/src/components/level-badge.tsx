import { useTranslation } from 'react-i18next';

/** An incident level, readable without colour: the digit is always shown. */
export function LevelBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <span className={`badge level-${level}`} data-level={level}>
      {t('level', { level })}
    </span>
  );
}
