import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { PUBLIC_PAGES } from '../../routes.ts';
import { useDictionary } from './queries.ts';

/** The open-data files to download, and the published dictionary of their columns in the reader's language. */
export function OpenDataPage() {
  const { t } = useTranslation('transparency', { keyPrefix: 'page' });
  const locale = useLocale();
  const day = useDayFormat();
  const dictionary = useDictionary();
  if (dictionary.isPending) return <Loading />;
  if (dictionary.error) return <Failure error={dictionary.error} />;
  const d = dictionary.data;
  return (
    <article className="transparency">
      <Link to={PUBLIC_PAGES.transparency}>← {t('title')}</Link>
      <h1>{t('openData')}</h1>
      <p>{t('openDataIntro')}</p>
      <p data-testid="as-of">{t('asOf', { day: day(d.asOf) })}</p>
      <h2>{t('dictionary')}</h2>
      {d.datasets.map((set) => (
        <section key={set.name} data-testid={`dataset-${set.name}`}>
          <h3>
            {set.name} ({set.format.toUpperCase()})
          </h3>
          <p>
            {set.description[locale]}{' '}
            <a href={set.path} download>
              {t('download')} {set.path.split('/').at(-1)}
            </a>
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('field')}</th>
                  <th>{t('type')}</th>
                  <th>{t('meaning')}</th>
                </tr>
              </thead>
              <tbody>
                {set.fields.map((f) => (
                  <tr key={f.name}>
                    <td>
                      <code>{f.name}</code>
                    </td>
                    <td>{f.type}</td>
                    <td>{f.description[locale]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </article>
  );
}
