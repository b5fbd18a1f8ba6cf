import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ok } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { ReportSubscription } from './report-subscription.tsx';

interface Values {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  lang: 'fr' | 'en';
}

/** The first and last day of a calendar quarter (UTC), as the report's period. */
export function quarterDays(year: number, quarter: number): { from: string; to: string } {
  const from = new Date(Date.UTC(year, (quarter - 1) * 3, 1));
  const to = new Date(Date.UTC(year, quarter * 3, 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/** A buyer's due-diligence report: pick the quarter, read the figures, download the PDF, the data, the EMRT. */
export function DueDiligencePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('due-diligence', { keyPrefix: 'page' });
  const locale = useLocale();
  const now = new Date();
  const defaults: Values = {
    year: now.getUTCFullYear(),
    quarter: (Math.floor(now.getUTCMonth() / 3) + 1) as Values['quarter'],
    lang: locale === 'en' ? 'en' : 'fr',
  };
  const form = useForm<Values>({ defaultValues: defaults });
  const [chosen, setChosen] = useState<Values>(defaults);
  const period = quarterDays(chosen.year, chosen.quarter);
  const report = useQuery({
    queryKey: ['reports', 'due-diligence', id, period.from, period.to],
    queryFn: () => ok(api.GET('/api/organisations/{id}/report', { params: { path: { id }, query: period } })),
  });
  const kg = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const query = new URLSearchParams(period).toString();
  const years = Array.from({ length: 5 }, (_, i) => defaults.year - i);
  return (
    <article>
      <Link to={`/organisations/${id}`}>{t('back')}</Link>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <form
        className="card"
        onSubmit={form.handleSubmit((v) =>
          setChosen({ ...v, year: Number(v.year), quarter: Number(v.quarter) as Values['quarter'] }),
        )}
      >
        <label>
          {t('year')}
          <select {...form.register('year')}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('quarter')}
          <select {...form.register('quarter')}>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                {t('quarterName', { n: q })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('language')}
          <select {...form.register('lang')}>
            <option value="fr">{t('lang.fr')}</option>
            <option value="en">{t('lang.en')}</option>
          </select>
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {report.error ? (
        <Failure error={report.error} />
      ) : !report.data ? (
        <Loading />
      ) : (
        <section className="card" data-testid="report-figures">
          <h2>
            {report.data.buyer.name} · {period.from} – {period.to}
          </h2>
          <dl className="facts">
            <dt>{t('lots')}</dt>
            <dd>{kg.format(report.data.managementSystem.lots)}</dd>
            <dt>{t('contained')}</dt>
            <dd>{kg.format(report.data.managementSystem.containedKg)}</dd>
            <dt>{t('nonConforming')}</dt>
            <dd>{pct.format(report.data.managementSystem.nonConformingShare)}</dd>
            <dt>{t('sites')}</dt>
            <dd>{kg.format(report.data.managementSystem.sites.length)}</dd>
            <dt>{t('incidents')}</dt>
            <dd>{kg.format(report.data.riskAssessment.incidents.total)}</dd>
          </dl>
          <h3>{t('downloads')}</h3>
          <p>
            <a
              className="button"
              href={`/api/organisations/${id}/report.pdf?${query}&lang=${chosen.lang}`}
              download
            >
              {t('pdf')}
            </a>{' '}
            <a
              className="button"
              href={`/api/organisations/${id}/report?${query}`}
              download={`amana-due-diligence-${period.from}-${period.to}.json`}
            >
              {t('json')}
            </a>{' '}
            <a className="button" href={`/api/organisations/${id}/report.emrt.xlsx?${query}`} download>
              {t('emrt')}
            </a>
          </p>
        </section>
      )}
      <ReportSubscription organisationId={id} />
    </article>
  );
}
