import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KYC_STATUSES } from '../../../../src/domain/actors/kyc.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { FileList, FileUpload } from '../../components/file-upload.tsx';
import { oneOf } from '../../components/one-of.ts';
import { QuickForm } from '../../components/quick-form.tsx';
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
  const { t } = useTranslation('actors', { keyPrefix: 'work' });
  const { t: ta } = useTranslation('actors');
  const queries = useQueryClient();
  const docs = useQuery(documentsQuery(organisationId)).data ?? [];
  const [chosen, setChosen] = useState<string[]>([]);
  const [kind, setKind] = useState<(typeof DOCUMENT_KINDS)[number]>('registration_certificate');
  // People, licences, evidence and decisions all change what the organisation's page and the registry show.
  const changed = () => queries.invalidateQueries({ queryKey: ORGANISATIONS });
  const path = { params: { path: { id: organisationId } } };

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
        <FileList
          label={t('kycEvidence')}
          files={docs}
          empty={t('noDocuments')}
          href={(d) => `/api/organisations/${organisationId}/documents/${d.id}`}
          before={(d) =>
            canDecideKyc && (
              <>
                <input
                  type="checkbox"
                  aria-label={t('useAsEvidence', { filename: d.filename })}
                  checked={chosen.includes(d.id)}
                  onChange={(e) =>
                    setChosen(e.target.checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))
                  }
                />{' '}
              </>
            )
          }
          after={(d) => ` · ${docKind(d.kind)}`}
        />
        <FileUpload
          path="/api/organisations/{id}/documents"
          params={{ id: organisationId }}
          accept="document"
          fields={{ kind }}
          label={t('uploadDocument')}
          onUploaded={changed}
        >
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
        </FileUpload>
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
