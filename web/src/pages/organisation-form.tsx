import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { Field } from '../components/field.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { placeErrors } from '../form-errors.ts';
import type { Locale, MessageKey } from '../i18n.ts';
import { CHAIN_ROLE_CODES, chainRoleLabel } from '../labels.ts';
import type { Organisation } from './organisations.tsx';

const SCHEMES = ['rccm', 'id_nat', 'nif'] as const;
const SCHEME_LABEL = { rccm: 'RCCM', id_nat: 'ID NAT', nif: 'NIF' };

interface Values {
  legalName: string;
  chainRoles: string[];
  country: string;
  numbers: Record<(typeof SCHEMES)[number], string>;
  city: string;
  province: string;
  contactName: string;
  email: string;
  phone: string;
  zones: string;
}

const empty: Values = {
  legalName: '',
  chainRoles: [],
  country: 'CD',
  numbers: { rccm: '', id_nat: '', nif: '' },
  city: '',
  province: '',
  contactName: '',
  email: '',
  phone: '',
  zones: '',
};

function fromOrganisation(o: Organisation): Values {
  const number = (s: string) => o.registrationNumbers.find((n) => n.scheme === s)?.number ?? '';
  return {
    legalName: o.legalName,
    chainRoles: o.chainRoles,
    country: o.country,
    numbers: { rccm: number('rccm'), id_nat: number('id_nat'), nif: number('nif') },
    city: o.addresses[0]?.city ?? '',
    province: o.addresses[0]?.province ?? '',
    contactName: o.contact?.name ?? '',
    email: o.contact?.email ?? '',
    phone: o.contact?.phone ?? '',
    zones: o.operatingZones.join(', '),
  };
}

/** The body the API takes; the path of each registration number follows the order sent. */
function toBody(v: Values) {
  const registrationNumbers = SCHEMES.filter((s) => v.numbers[s].trim()).map((scheme) => ({
    scheme,
    number: v.numbers[scheme].trim(),
  }));
  const place = [v.city.trim(), v.province.trim()].filter(Boolean).join(', ');
  const contact = {
    ...(v.contactName.trim() && { name: v.contactName.trim() }),
    ...(v.email.trim() && { email: v.email.trim() }),
    ...(v.phone.trim() && { phone: v.phone.trim() }),
  };
  return {
    body: {
      legalName: v.legalName,
      chainRoles: v.chainRoles,
      country: v.country,
      registrationNumbers,
      addresses: place
        ? [
            {
              line: place,
              ...(v.city.trim() && { city: v.city.trim() }),
              ...(v.province.trim() && { province: v.province.trim() }),
            },
          ]
        : [],
      contact: Object.keys(contact).length ? contact : null,
      operatingZones: v.zones
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
export function OrganisationForm({
  id,
  t,
  locale,
  onSaved,
  onCancel,
}: {
  id?: string;
  t: (k: MessageKey) => string;
  locale: Locale;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Values | null>(id ? null : empty);
  const [version, setVersion] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    api<Organisation>('GET', `/api/organisations/${id}`).then(
      (o) => {
        setValues(fromOrganisation(o));
        setVersion(o.version);
      },
      (e) => setElsewhere([(e as Error).message]),
    );
  }, [id]);

  if (!values) return <p role="status">{elsewhere[0] ?? t('loading')}</p>;
  const set = (patch: Partial<Values>) => setValues({ ...values, ...patch });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!values) return;
    setBusy(true);
    setErrors({});
    setElsewhere([]);
    const { body, numberPaths } = toBody(values);
    try {
      const saved = id
        ? await api<Organisation>('PUT', `/api/organisations/${id}`, { ...body, version })
        : await api<Organisation>('POST', '/api/organisations', body);
      onSaved(saved.id);
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setElsewhere([(err as Error).message]);
        return;
      }
      // Registration number errors come by list position; the form shows them by scheme.
      const problem = {
        ...err.problem,
        errors: err.problem.errors?.map((x) => {
          const m = /^(registrationNumbers\.\d+)(\..*)?$/.exec(x.path);
          return m && numberPaths[m[1]] ? { ...x, path: `number.${numberPaths[m[1]]}` } : x;
        }),
      };
      const placed = placeErrors(problem, [
        'legalName',
        'chainRoles',
        'country',
        'number.rccm',
        'number.id_nat',
        'number.nif',
        'addresses',
        'contact.name',
        'contact.email',
        'contact.phone',
        'operatingZones',
      ]);
      setErrors(placed.byField);
      setElsewhere(placed.elsewhere);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      <Field
        label={t('legalName')}
        name="legalName"
        required
        value={values.legalName}
        error={errors.legalName}
        onChange={(e) => set({ legalName: e.target.value })}
      />
      <fieldset aria-invalid={errors.chainRoles ? true : undefined} aria-describedby="chainRoles-error">
        <legend>{t('roles')}</legend>
        <div className="checks">
          {CHAIN_ROLE_CODES.map((r) => (
            <label key={r}>
              <input
                type="checkbox"
                checked={values.chainRoles.includes(r)}
                onChange={(e) =>
                  set({
                    chainRoles: e.target.checked
                      ? [...values.chainRoles, r]
                      : values.chainRoles.filter((x) => x !== r),
                  })
                }
              />
              {chainRoleLabel(r, locale)}
            </label>
          ))}
        </div>
        {errors.chainRoles && (
          <span className="field-error" id="chainRoles-error">
            {errors.chainRoles}
          </span>
        )}
      </fieldset>
      <Field
        label={t('country')}
        name="country"
        maxLength={2}
        value={values.country}
        error={errors.country}
        onChange={(e) => set({ country: e.target.value.toUpperCase() })}
      />
      {SCHEMES.map((s) => (
        <Field
          key={s}
          label={SCHEME_LABEL[s]}
          name={`number.${s}`}
          placeholder={
            s === 'rccm' ? 'CD/KZI/RCCM/19-B-00123' : s === 'id_nat' ? '05-H4901-N12345X' : 'A1234567B'
          }
          value={values.numbers[s]}
          error={errors[`number.${s}`]}
          onChange={(e) => set({ numbers: { ...values.numbers, [s]: e.target.value } })}
        />
      ))}
      <Field
        label={t('city')}
        name="city"
        value={values.city}
        error={errors.addresses}
        onChange={(e) => set({ city: e.target.value })}
      />
      <Field
        label={t('province')}
        name="province"
        value={values.province}
        onChange={(e) => set({ province: e.target.value })}
      />
      <Field
        label={t('contactName')}
        name="contact.name"
        value={values.contactName}
        error={errors['contact.name']}
        onChange={(e) => set({ contactName: e.target.value })}
      />
      <Field
        label={t('email')}
        name="contact.email"
        type="email"
        value={values.email}
        error={errors['contact.email']}
        onChange={(e) => set({ email: e.target.value })}
      />
      <Field
        label={t('phone')}
        name="contact.phone"
        type="tel"
        value={values.phone}
        error={errors['contact.phone']}
        onChange={(e) => set({ phone: e.target.value })}
      />
      <Field
        label={t('operatingZones')}
        name="operatingZones"
        value={values.zones}
        error={errors.operatingZones}
        onChange={(e) => set({ zones: e.target.value })}
      />
      <FormFooter t={t} problems={elsewhere} busy={busy} onCancel={onCancel} />
    </form>
  );
}
