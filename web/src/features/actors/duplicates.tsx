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
