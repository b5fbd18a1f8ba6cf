import { useTranslation } from 'react-i18next';
import { type RedFlag, redFlagText } from './labels.ts';

/** A list of red flags in the reader's language, or "none". */
export function RedFlags({ flags }: { flags: RedFlag[] }) {
  const { t } = useTranslation('actors');
  const { t: tc } = useTranslation();
  if (flags.length === 0) return <>{tc('none')}</>;
  return (
    <ul className="flags">
      {flags.map((f) => (
        <li key={f.code + f.message}>⚑ {redFlagText(t, f)}</li>
      ))}
    </ul>
  );
}
