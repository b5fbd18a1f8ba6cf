import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, api, ok } from '../../api/client.ts';
import { problemText } from '../../components/problem-text.ts';
import { useDayFormat } from '../../i18n/dates.ts';
import { ASSESSMENTS } from './queries.ts';

type Action = Answer<'/api/corrective-actions'>['items'][number];

/** A corrective action's progress notes, and a box to add one (the server decides who may). */
export function ActionNotes({ action }: { action: Action }) {
  const day = useDayFormat();
  const { t } = useTranslation('assessments', { keyPrefix: 'onSite' });
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: (note: string) =>
      ok(
        api.POST('/api/corrective-actions/{id}/notes', {
          params: { path: { id: action.id } },
          body: { note },
        }),
      ),
    onSuccess: async () => {
      setText('');
      await queries.invalidateQueries({ queryKey: [...ASSESSMENTS, 'actions'] });
    },
  });
  return (
    <>
      {action.notes.length > 0 && (
        <ul className="notes">
          {action.notes.map((n) => (
            <li key={n.id}>
              {day(n.createdAt)} · {n.note}
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-note"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(text);
        }}
      >
        <input aria-label={t('progressNote')} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={!text.trim()}>
          {t('add')}
        </button>
      </form>
      {add.error && (
        <p role="alert" className="error">
          {problemText(add.error)}
        </p>
      )}
    </>
  );
}
