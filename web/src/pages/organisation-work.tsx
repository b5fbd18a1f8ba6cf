import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { problemText } from '../components/problem-text.ts';
import { ProgressBar } from '../components/progress-bar.tsx';
import { QuickForm } from '../components/quick-form.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { licenceTypeLabel } from '../labels.ts';
import { uploadWithProgress } from '../transfer.ts';

const PERSON_KINDS = ['miner', 'official', 'owner', 'contact'];
const LICENCE_TYPES = [
  'artisanal_miner_card',
  'cooperative_approval',
  'trader_card',
  'depot_licence',
  'processing_licence',
  'export_licence',
  'mining_permit',
  'other',
];
const DOCUMENT_KINDS = ['registration_certificate', 'licence_copy', 'identity', 'other'];

interface Doc {
  id: string;
  kind: string;
  filename: string;
  uploadedAt: string;
}

/** Keeping an organisation current: its people, licences and KYC evidence, and the KYC decision. */
export function OrganisationWork({
  organisationId,
  version,
  t,
  locale,
  canDecideKyc,
  onChanged,
}: {
  organisationId: string;
  /** The organisation's version as read: a KYC decision on a changed record is refused (409). */
  version: number;
  t: (k: MessageKey) => string;
  locale: Locale;
  canDecideKyc: boolean;
  onChanged: () => void;
}) {
  const [docs, setDocs] = useState<Doc[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [kind, setKind] = useState('registration_certificate');
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const loadDocs = () =>
    api<Doc[]>('GET', `/api/organisations/${organisationId}/documents`).then(setDocs, () => setDocs([]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads when the organisation changes
  useEffect(() => {
    loadDocs();
  }, [organisationId]);

  async function upload(file: File) {
    setProblem(null);
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file);
    try {
      setProgress(0);
      await uploadWithProgress(`/api/organisations/${organisationId}/documents`, form, null, setProgress);
      await loadDocs();
    } catch (e) {
      setProblem(problemText(e));
    } finally {
      setProgress(undefined);
    }
  }

  const dayLabel = (k: string) => t(`docKind.${k}` as MessageKey);
  return (
    <>
      <section className="card" aria-label={t('kycEvidence')}>
        <h2>{t('kycEvidence')}</h2>
        {docs.length === 0 ? (
          <p className="empty">{t('noDocuments')}</p>
        ) : (
          <ul className="docs">
            {docs.map((d) => (
              <li key={d.id}>
                {canDecideKyc && (
                  <input
                    type="checkbox"
                    aria-label={`${t('useAsEvidence')} ${d.filename}`}
                    checked={chosen.includes(d.id)}
                    onChange={(e) =>
                      setChosen(e.target.checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))
                    }
                  />
                )}{' '}
                <a href={`/api/organisations/${organisationId}/documents/${d.id}`}>{d.filename}</a> ·{' '}
                {dayLabel(d.kind)} · {d.uploadedAt.slice(0, 10)}
              </li>
            ))}
          </ul>
        )}
        <div className="toolbar">
          <label>
            {t('kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              {DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {dayLabel(k)}
                </option>
              ))}
            </select>
          </label>
          <label className="button">
            {t('uploadDocument')}
            <input
              type="file"
              className="sr-only"
              accept=".pdf,.jpg,.jpeg,.png,.webp"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) upload(f);
              }}
            />
          </label>
        </div>
        {progress !== undefined && <ProgressBar label={t('uploading')} fraction={progress} />}
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        {canDecideKyc && (
          <>
            <h3>{t('kycDecision')}</h3>
            <QuickForm
              t={t}
              submitLabel={t('recordDecision')}
              fields={[
                {
                  name: 'decision',
                  label: t('decision'),
                  options: ['verified', 'rejected', 'pending'].map((s) => ({
                    value: s,
                    label: t(`kyc.${s}` as MessageKey),
                  })),
                },
                { name: 'reason', label: t('reason'), type: 'textarea' },
              ]}
              onSubmit={async (v) => {
                await api('POST', `/api/organisations/${organisationId}/kyc-reviews`, {
                  ...v,
                  documentIds: chosen,
                  version,
                });
                setChosen([]);
                onChanged();
              }}
            />
          </>
        )}
      </section>
      <section className="card" aria-label={t('addPerson')}>
        <h2>{t('addPerson')}</h2>
        <QuickForm
          t={t}
          submitLabel={t('addPerson')}
          fields={[
            { name: 'fullName', label: t('name') },
            {
              name: 'kind',
              label: t('kind'),
              options: PERSON_KINDS.map((k) => ({ value: k, label: t(`personKind.${k}` as MessageKey) })),
            },
            { name: 'position', label: t('position') },
            { name: 'cardNumber', label: t('card') },
            { name: 'birthYear', label: t('birthYear'), type: 'number' },
          ]}
          onSubmit={async (v) => {
            await api('POST', '/api/persons', { ...v, organisationId });
            onChanged();
          }}
        />
      </section>
      <section className="card" aria-label={t('addLicence')}>
        <h2>{t('addLicence')}</h2>
        <QuickForm
          t={t}
          submitLabel={t('addLicence')}
          fields={[
            {
              name: 'type',
              label: t('kind'),
              options: LICENCE_TYPES.map((k) => ({ value: k, label: licenceTypeLabel(k, locale) })),
            },
            { name: 'number', label: t('number') },
            { name: 'issuer', label: t('issuer') },
            { name: 'zoneCode', label: t('zone') },
            { name: 'validFrom', label: t('validFrom'), type: 'date' },
            { name: 'validUntil', label: t('validUntil'), type: 'date' },
          ]}
          onSubmit={async (v) => {
            await api('POST', '/api/licences', { ...v, holderOrganisationId: organisationId });
            onChanged();
          }}
        />
      </section>
    </>
  );
}
