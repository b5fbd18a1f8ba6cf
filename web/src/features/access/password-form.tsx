import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { useServerErrors } from '../../components/server-errors.ts';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type Values = { currentPassword: string; newPassword: string };

/**
 * Changing one's own password: the current one, then the new one. The server judges the new one (its reason
 * goes by the field) and, on success, ends every other session and API token; this one stays.
 */
export function PasswordForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('access', { keyPrefix: 'passwordChange' });
  const form = useForm<Values>({ defaultValues: { currentPassword: '', newPassword: '' } });
  const server = useServerErrors(form, FIELDS);
  const change = useMutation({
    mutationFn: (body: Values) => ok(api.POST('/api/me/password', { body })),
    onSuccess: () => form.reset(),
    onError: server.show,
  });
  const errorOf = (name: (typeof FIELDS)[number]) => form.getFieldState(name, form.formState).error?.message;

  return (
    <section className="card" aria-label={t('change')}>
      <h2>{t('change')}</h2>
      {change.isSuccess ? (
        <p role="status">{t('changed')}</p>
      ) : (
        <form
          className="record-form"
          onSubmit={form.handleSubmit((v) => {
            server.clear();
            return change.mutateAsync(v).catch(() => {});
          })}
          noValidate
        >
          <Field
            label={t('current')}
            type="password"
            autoComplete="current-password"
            error={errorOf('currentPassword')}
            {...form.register('currentPassword')}
          />
          <Field
            label={t('new')}
            type="password"
            autoComplete="new-password"
            error={errorOf('newPassword')}
            {...form.register('newPassword')}
          />
          <p className="hint">{t('hint')}</p>
          <FormFooter
            problems={server.elsewhere}
            busy={change.isPending}
            submitLabel={t('change')}
            onCancel={onClose}
          />
        </form>
      )}
    </section>
  );
}
