import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { problemText } from '../components/problem-text.ts';
import type { MessageKey } from '../i18n.ts';

interface Action {
  id: string;
  notes: { id: string; note: string; createdAt: string }[];
}

/** A corrective action's progress notes, and a box to add one (the server decides who may). */
export function ActionNotes({ action, t }: { action: Action; t: (k: MessageKey) => string }) {
  const [notes, setNotes] = useState(action.notes);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  async function add(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    try {
      const updated = await api<Action>('POST', `/api/corrective-actions/${action.id}/notes`, { note: text });
      setNotes(updated.notes);
      setText('');
    } catch (err) {
      setProblem(problemText(err));
    }
  }
  return (
    <>
      {notes.length > 0 && (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n.id}>
              {n.createdAt.slice(0, 10)} · {n.note}
            </li>
          ))}
        </ul>
      )}
      <form className="inline-note" onSubmit={add}>
        <input aria-label={t('progressNote')} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={!text.trim()}>
          {t('add')}
        </button>
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </>
  );
}
