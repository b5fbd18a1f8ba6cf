import { useTranslation } from 'react-i18next';
import { problemText } from './problem-text.ts';

/** What a page shows while its data is on the way. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}

/** What went wrong loading or saving, said by the server when it could. */
export function Failure({ error, prefixed = false }: { error: unknown; prefixed?: boolean }) {
  const { t } = useTranslation();
  return (
    <p role="alert" className="error">
      {prefixed ? `${t('error')} : ${problemText(error)}` : problemText(error)}
    </p>
  );
}
