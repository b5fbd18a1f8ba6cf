import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KYC_STATUSES } from '../../../../src/domain/actors/kyc.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { uploadWithProgress } from '../../api/transfer.ts';
import { oneOf } from '../../components/one-of.ts';
import { problemText } from '../../components/problem-text.ts';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { QuickForm } from '../../components/quick-form.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { PersonDuplicates } from './duplicates.tsx';
import { LICENCE_TYPES, licenceTypeText } from './labels.ts';
import { documentsQuery, ORGANISATIONS } from './queries.ts';

type PersonKind = NonNullable<Answer<'/api/persons/{id}'>['kind']>;
const PERSON_KINDS = ['miner', 'official', 'owner', 'contact'] as const satisfies readonly PersonKind[];
const DOCUMENT_KINDS = ['registration_certificate', 'licence_copy', 'identity', 'other'] as const;
const isDocumentKind = (k: string): k is (typeof DOCUMENT_KINDS)[number] =>
  DOCUMENT_KINDS.some((d) => d === k);

/** Text as the API takes an optional field: empty is null. */
const orNull = (v: string | undefined) => (v ? v : null);

/** Keeping an organisation current: its people, licences and KYC evidence, and the KYC decision. */
export function OrganisationWork({
  organisationId,
  version,
  canDecideKyc,
}: {
  organisationId: string;
  /** The organisation's version as read: a KYC decision on a changed record is refused (409). */
  version: number;
  canDecideKyc: boolean;
}) {
  const day = useDayFormat();
  const { t } = useTranslation('actors', { keyPrefix: 'work' });
  const { t: ta } = useTranslation('actors');
  const { t: tc } = useTranslation();
  const queries = useQueryClient();
  const docs = useQuery(documentsQuery(organisationId)).data ?? [];
  const [chosen, setChosen] = useState<string[]>([]);
  const [kind, setKind] = useState<(typeof DOCUMENT_KINDS)[number]>('registration_certificate');
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  // People, licences, evidence and decisions all change what the organisation's page and the registry show.
  const changed = () => queries.invalidateQueries({ queryKey: ORGANISATIONS });
  const path = { params: { path: { id: organisationId } } };

  async function upload(file: File) {
    setProblem(null);
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file);
    try {
      setProgress(0);
      await uploadWithProgress(
        '/api/organisations/{id}/documents',
        { id: organisationId },
        form,
        null,
        setProgress,
      );
      await changed();
    } catch (e) {
      setProblem(problemText(e));
    } finally {
      setProgress(undefined);
    }
  }
  const decide = useMutation({
    mutationFn: (v: Record<string, string>) =>
      ok(
        api.POST('/api/organisations/{id}/kyc-reviews', {
          ...path,
          body: {
            decision: oneOf(KYC_STATUSES, v.decision) || 'pending',
            reason: orNull(v.reason),
            documentIds: chosen,
            version,
          },
        }),
      ),
    onSuccess: async () => {
      setChosen([]);
      await changed();
    },
  });
  const docKind = (k: string) => (isDocumentKind(k) ? ta(`docKind.${k}`) : k);

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
                    aria-label={t('useAsEvidence', { filename: d.filename })}
                    checked={chosen.includes(d.id)}
                    onChange={(e) =>
                      setChosen(e.target.checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))
                    }
                  />
                )}{' '}
                <a href={`/api/organisations/${organisationId}/documents/${d.id}`}>{d.filename}</a> ·{' '}
                {docKind(d.kind)} · {day(d.uploadedAt)}
              </li>
            ))}
          </ul>
        )}
        <div className="toolbar">
          <label>
            {t('kind')}
            <select value={kind} onChange={(e) => setKind(oneOf(DOCUMENT_KINDS, e.target.value) || 'other')}>
              {DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {docKind(k)}
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
        {progress !== undefined && <ProgressBar label={tc('uploading')} fraction={progress} />}
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        {canDecideKyc && (
          <>
            <h3>{t('kycDecision')}</h3>
            <QuickForm
              submitLabel={t('recordDecision')}
              fields={[
                {
                  name: 'decision',
                  label: t('decision'),
                  options: (['verified', 'rejected', 'pending'] as const).map((s) => ({
                    value: s,
                    label: ta(`kyc.${s}`),
                  })),
                },
                { name: 'reason', label: t('reason'), type: 'textarea' },
              ]}
              onSubmit={(v) => decide.mutateAsync(v)}
            />
          </>
        )}
      </section>
      <section className="card" aria-label={t('addPerson')}>
        <h2>{t('addPerson')}</h2>
        <QuickForm
          submitLabel={t('addPerson')}
          fields={[
            { name: 'fullName', label: t('name') },
            {
              name: 'kind',
              label: t('kind'),
              options: PERSON_KINDS.map((k) => ({ value: k, label: ta(`personKind.${k}`) })),
            },
            { name: 'position', label: t('position') },
            { name: 'cardNumber', label: t('card') },
            { name: 'birthYear', label: t('birthYear'), type: 'number' },
          ]}
          aside={(v) => (
            <PersonDuplicates
              organisationId={organisationId}
              fullName={v.fullName ?? ''}
              cardNumber={v.cardNumber ?? ''}
              birthYear={v.birthYear ?? ''}
            />
          )}
          onSubmit={async (v) => {
            await ok(
              api.POST('/api/persons', {
                body: {
                  organisationId,
                  fullName: v.fullName,
                  kind: oneOf(PERSON_KINDS, v.kind) || 'miner',
                  position: orNull(v.position),
                  cardNumber: orNull(v.cardNumber),
                  birthYear: v.birthYear ? Number(v.birthYear) : null,
                },
              }),
            );
            // The form empties when the server has the record; awaiting the list too would wipe what is typed since.
            void changed();
          }}
        />
      </section>
      <section className="card" aria-label={t('addLicence')}>
        <h2>{t('addLicence')}</h2>
        <QuickForm
          submitLabel={t('addLicence')}
          fields={[
            {
              name: 'type',
              label: t('kind'),
              options: LICENCE_TYPES.map((k) => ({ value: k, label: licenceTypeText(ta, k) })),
            },
            { name: 'number', label: t('number') },
            { name: 'issuer', label: t('issuer') },
            { name: 'zoneCode', label: t('zone') },
            { name: 'validFrom', label: t('validFrom'), type: 'date' },
            { name: 'validUntil', label: t('validUntil'), type: 'date' },
          ]}
          onSubmit={async (v) => {
            await ok(
              api.POST('/api/licences', {
                body: {
                  holderOrganisationId: organisationId,
                  type: oneOf(LICENCE_TYPES, v.type) || 'other',
                  number: v.number,
                  issuer: v.issuer,
                  zoneCode: orNull(v.zoneCode),
                  validFrom: v.validFrom,
                  validUntil: orNull(v.validUntil),
                },
              }),
            );
            void changed();
          }}
        />
      </section>
    </>
  );
}
