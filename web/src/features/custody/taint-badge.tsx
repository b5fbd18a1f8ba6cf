import { useTranslation } from 'react-i18next';

export const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** The non-conforming share of a lot, as a badge that also reads without colour. */
export function TaintBadge({ share }: { share: number }) {
  const { t } = useTranslation('custody', { keyPrefix: 'taint' });
  if (share <= 0) return <span className="badge badge-green">{t('conforming')}</span>;
  return (
    <span className="badge badge-red" data-testid="taint">
      {t('nonConforming', { share: pct(share) })}
    </span>
  );
}
