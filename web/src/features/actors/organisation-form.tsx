import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { CHAIN_ROLES } from '../../../../src/domain/actors/chain-roles.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { OrganisationDuplicates } from './duplicates.tsx';
import { isChainRole } from './labels.ts';
import { ORGANISATIONS, organisationQuery } from './queries.ts';

type Organisation = Answer<'/api/organisations/{id}'>;
const SCHEMES = ['rccm', 'id_nat', 'nif'] as const;
const SCHEME_LABEL = { rccm: 'RCCM', id_nat: 'ID NAT', nif: 'NIF' };
const EXAMPLE = { rccm: 'CD/KZI/RCCM/19-B-00123', id_nat: '05-H4901-N12345X', nif: 'A1234567B' };

interface Values {
  legalName: string;
  chainRoles: string[];
  country: string;
  number: Record<(typeof SCHEMES)[number], string>;
  city: string;
  province: string;
  contact: { name: string; email: string; phone: string };
  operatingZones: string;
}

const FIELDS = [
  'legalName',
  'chainRoles',
  'country',
  'number.rccm',
  'number.id_nat',
  'number.nif',
  'city',
  'contact.name',
  'contact.email',
  'contact.phone',
  'operatingZones',
] as const;

function valuesOf(o?: Organisation): Values {
  const number = (s: string) => o?.registrationNumbers.find((n) => n.scheme === s)?.number ?? '';
  return {
    legalName: o?.legalName ?? '',
    chainRoles: o?.chainRoles ?? [],
    country: o?.country ?? 'CD',
    number: { rccm: number('rccm'), id_nat: number('id_nat'), nif: number('nif') },
    city: o?.addresses[0]?.city ?? '',
    province: o?.addresses[0]?.province ?? '',
    contact: { name: o?.contact?.name ?? '', email: o?.contact?.email ?? '', phone: o?.contact?.phone ?? '' },
    operatingZones: o?.operatingZones.join(', ') ?? '',
  };
}

/** The body the API takes; the path of each registration number follows the order sent. */
function toBody(v: Values) {
  const registrationNumbers = SCHEMES.filter((s) => v.number[s].trim()).map((scheme) => ({
    scheme,
    number: v.number[scheme].trim(),
  }));
  const city = v.city.trim();
  const province = v.province.trim();
  const place = [city, province].filter(Boolean).join(', ');
  const contact = {
    ...(v.contact.name.trim() && { name: v.contact.name.trim() }),
    ...(v.contact.email.trim() && { email: v.contact.email.trim() }),
    ...(v.contact.phone.trim() && { phone: v.contact.phone.trim() }),
  };
  return {
    body: {
      legalName: v.legalName,
      chainRoles: v.chainRoles.filter(isChainRole),
      country: v.country,
      registrationNumbers,
      addresses: place ? [{ line: place, ...(city && { city }), ...(province && { province }) }] : [],
      contact: Object.keys(contact).length ? contact : null,
      operatingZones: v.operatingZones
        .split(/[,;\s]+/)
        .map((z) => z.trim())
        .filter(Boolean),
    },
    // Where each scheme's number went in the list, to put its error by the right field.
    numberPaths: Object.fromEntries(
      registrationNumbers.map((n, i) => [`registrationNumbers.${i}`, n.scheme]),
    ),
  };
}

/** Creates an organisation, or edits one; the server's errors appear by the field they concern. */
export function OrganisationFormPage() {
  const { id } = useParams();
  const org = useQuery({ ...organisationQuery(id ?? ''), enabled: id !== undefined });
  if (id === undefined) return <OrganisationForm />;
  if (org.error) return <Failure error={org.error} />;
  if (!org.data) return <Loading />;
  return <OrganisationForm organisation={org.data} />;
}

function OrganisationForm({ organisation }: { organisation?: Organisation }) {
  const { t } = useTranslation('actors');
  const navigate = useNavigate();
  const queries = useQueryClient();
  const form = useForm<Values>({ defaultValues: valuesOf(organisation) });
  // Registration number errors come by list position; the form shows them by scheme, the address's by the city.
  const server = useServerErrors(form, FIELDS, (path) => {
    const { numberPaths } = toBody(form.getValues());
    const m = /^(registrationNumbers\.\d+)(\..*)?$/.exec(path);
    if (m && numberPaths[m[1]]) return `number.${numberPaths[m[1]]}`;
    return path === 'addresses' || path.startsWith('addresses.') ? 'city' : path;
  });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const { body } = toBody(v);
      return organisation
        ? ok(
            api.PUT('/api/organisations/{id}', {
              params: { path: { id: organisation.id } },
              body: { ...body, version: organisation.version },
            }),
          )
        : ok(api.POST('/api/organisations', { body }));
    },
    onSuccess: async (saved) => {
      await queries.invalidateQueries({ queryKey: ORGANISATIONS });
      navigate(`/organisations/${saved.id}`);
    },
    onError: server.show,
  });
  const errorOf = (name: (typeof FIELDS)[number]) => form.getFieldState(name, form.formState).error?.message;
  const rolesError = errorOf('chainRoles');
  const country = form.register('country');

  return (
    <form
      className="record-form"
      onSubmit={form.handleSubmit((v) => {
        server.clear();
        return save.mutateAsync(v).catch(() => {});
      })}
      noValidate
    >
      <Field
        label={t('form.legalName')}
        required
        error={errorOf('legalName')}
        {...form.register('legalName')}
      />
      {!organisation && (
        <OrganisationDuplicates
          legalName={form.watch('legalName')}
          numbers={SCHEMES.map((s) => form.watch(`number.${s}`)).filter((n) => n.trim())}
        />
      )}
      <fieldset aria-invalid={rolesError ? true : undefined} aria-describedby="chainRoles-error">
        <legend>{t('form.roles')}</legend>
        <div className="checks">
          {CHAIN_ROLES.map((r) => (
            <label key={r}>
              <input type="checkbox" value={r} {...form.register('chainRoles')} />
              {t(`chainRole.${r}`)}
            </label>
          ))}
        </div>
        {rolesError && (
          <span className="field-error" id="chainRoles-error">
            {rolesError}
          </span>
        )}
      </fieldset>
      <Field
        label={t('form.country')}
        maxLength={2}
        error={errorOf('country')}
        {...country}
        onChange={(e) => {
          e.target.value = e.target.value.toUpperCase();
          return country.onChange(e);
        }}
      />
      {SCHEMES.map((s) => (
        <Field
          key={s}
          label={SCHEME_LABEL[s]}
          placeholder={EXAMPLE[s]}
          error={errorOf(`number.${s}`)}
          {...form.register(`number.${s}`)}
        />
      ))}
      <Field label={t('form.city')} error={errorOf('city')} {...form.register('city')} />
      <Field label={t('form.province')} {...form.register('province')} />
      <Field
        label={t('form.contactName')}
        error={errorOf('contact.name')}
        {...form.register('contact.name')}
      />
      <Field
        label={t('form.email')}
        type="email"
        error={errorOf('contact.email')}
        {...form.register('contact.email')}
      />
      <Field
        label={t('form.phone')}
        type="tel"
        error={errorOf('contact.phone')}
        {...form.register('contact.phone')}
      />
      <Field
        label={t('form.operatingZones')}
        error={errorOf('operatingZones')}
        {...form.register('operatingZones')}
      />
      <FormFooter
        problems={server.elsewhere}
        busy={form.formState.isSubmitting}
        onCancel={() => navigate(-1)}
      />
    </form>
  );
}
