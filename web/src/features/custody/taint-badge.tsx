import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/locale.ts';
import { shareText } from './conformity-text.ts';

/** The non-conforming share of a lot, as a badge that also reads without colour. */
export function TaintBadge({ share }: { share: number }) {
  const { t } = useTranslation('custody', { keyPrefix: 'taint' });
  const locale = useLocale();
  if (share <= 0) return <span className="badge badge-green">{t('conforming')}</span>;
  return (
    <span className="badge badge-red" data-testid="taint">
      {t('nonConforming', { share: shareText(share, locale) })}
    </span>
  );
}
