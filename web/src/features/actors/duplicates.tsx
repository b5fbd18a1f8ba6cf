import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../api/client.ts';

/**
 * Before an organisation is saved: those already registered it may be (the same registration number, an alike
 * name), asked for once the typing pauses, each a link to open instead of registering it twice.
 */
export function OrganisationDuplicates({ legalName, numbers }: { legalName: string; numbers: string[] }) {
  const { t } = useTranslation('actors');
  const [asked, setAsked] = useState({ legalName: '', numbers: [] as string[] });
  // The numbers as one string, so that a new array of the same numbers does not ask again.
  const numberKey = numbers.join('\n');
  useEffect(() => {
    const handle = setTimeout(
      () => setAsked({ legalName: legalName.trim(), numbers: numberKey ? numberKey.split('\n') : [] }),
      400,
    );
    return () => clearTimeout(handle);
  }, [legalName, numberKey]);
  const found = useQuery({
    queryKey: ['organisations', 'duplicates', asked],
    enabled: asked.legalName.length >= 3,
    queryFn: () =>
      ok(
        api.POST('/api/organisations/duplicates', {
          body: {
            legalName: asked.legalName,
            registrationNumbers: asked.numbers.map((number) => ({ number })),
          },
        }),
      ),
  });
  if (!found.data?.length) return null;
  return (
    <div className="duplicates" role="status" data-testid="duplicates">
      <p>{t('form.duplicates')}</p>
      <ul>
        {found.data.map((d) => (
          <li key={d.id}>
            <Link to={`/organisations/${d.id}`}>{d.name}</Link> (
            {d.reasons.map((r) => t(`duplicateReason.${r}`)).join(', ')})
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The value after the typing has paused for a moment, so that a check is not asked at every key. */
export function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the value.
  useEffect(() => {
    const handle = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(handle);
  }, [key, ms]);
  return settled;
}

/**
 * Before a person is saved: the organisation's people they may be (an alike name, the same birth year when both
 * are known) and anyone holding the same card, asked for once the typing pauses.
 */
export function PersonDuplicates(props: {
  organisationId: string;
  fullName: string;
  cardNumber: string;
  birthYear: string;
}) {
  const { t } = useTranslation('actors');
  const asked = useSettled({
    fullName: props.fullName.trim(),
    cardNumber: props.cardNumber.trim(),
    birthYear: /^\d{4}$/.test(props.birthYear.trim()) ? Number(props.birthYear.trim()) : null,
  });
  const found = useQuery({
    queryKey: ['persons', 'duplicates', props.organisationId, asked],
    enabled: asked.fullName.length >= 3,
    queryFn: () =>
      ok(
        api.POST('/api/persons/duplicates', {
          body: {
            organisationId: props.organisationId,
            fullName: asked.fullName,
            cardNumber: asked.cardNumber || null,
            birthYear: asked.birthYear,
          },
        }),
      ),
  });
  if (!found.data?.length) return null;
  return (
    <div className="duplicates" role="status" data-testid="person-duplicates">
      <p>{t('work.personDuplicates')}</p>
      <ul>
        {found.data.map((d) => (
          <li key={d.id}>
            {d.name} ({d.reasons.map((r) => t(`duplicateReason.${r}`)).join(', ')})
          </li>
        ))}
      </ul>
    </div>
  );
}
