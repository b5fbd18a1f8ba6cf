import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SMS_REPLY_MAX_CHARS } from '../../../../src/domain/grievances/sms.ts';
import { api, ok } from '../../api/client.ts';
import { problemText } from '../../components/problem-text.ts';
import { Failure } from '../../components/query-state.tsx';
import { useInstantFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { smsThreadQuery } from './queries.ts';

/** The SMS a reporter without a smartphone sent, the answers they got, and the officer's next answer (decision 0051). */
export function SmsThread({ grievanceId }: { grievanceId: string }) {
  const { t } = useTranslation('grievances', { keyPrefix: 'sms' });
  const when = useInstantFormat();
  const n = new Intl.NumberFormat(useLocale());
  const queries = useQueryClient();
  const query = smsThreadQuery(grievanceId);
  const thread = useQuery(query);
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/grievances/{id}/sms', { params: { path: { id: grievanceId } }, body: { text } })),
    onSuccess: async (m) => {
      if (m.status === 'sent') setText('');
      await queries.invalidateQueries({ queryKey: query.queryKey });
    },
  });
  if (thread.error) return <Failure error={thread.error} prefixed />;
  // A grievance from the web form has no thread: nothing to show.
  if (!thread.data || thread.data.length === 0) return null;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (text.trim()) send.mutate();
  }
  return (
    <section aria-label={t('title')} className="card">
      <h2>{t('title')}</h2>
      <ol className="sms-thread">
        {thread.data.map((m) => (
          <li key={m.id} className={`sms sms-${m.direction}${m.status === 'failed' ? ' sms-failed' : ''}`}>
            <p>{m.body}</p>
            <small>
              {m.direction === 'in'
                ? t('received', { at: when(m.sentAt ?? m.recordedAt) })
                : m.status === 'sent'
                  ? t(m.sentBy ? 'sentBy' : 'sentAutomatic', {
                      at: when(m.sentAt ?? m.recordedAt),
                      name: m.sentBy,
                    })
                  : t('failed', { at: when(m.recordedAt), reason: m.failure ?? '' })}
            </small>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="sms-reply">
        <label>
          {t('answer')}
          <textarea value={text} maxLength={SMS_REPLY_MAX_CHARS} onChange={(e) => setText(e.target.value)} />
        </label>
        <small className="muted">
          {t('length', { used: n.format(text.length), max: n.format(SMS_REPLY_MAX_CHARS) })}
        </small>
        <button type="submit" className="primary" disabled={send.isPending || !text.trim()}>
          {t('send')}
        </button>
        {send.error && (
          <p role="alert" className="error">
            {problemText(send.error)}
          </p>
        )}
      </form>
    </section>
  );
}
