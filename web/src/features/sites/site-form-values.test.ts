import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ResolverOptions } from 'react-hook-form';
import { siteInputSchema } from '../../../../src/services/sites/site-input.ts';
import { bodyResolver } from '../../components/body-resolver.ts';
import { useTestI18n } from '../../i18n/testing.ts';
import { siteFormFields, toBody, toFormPath, type Values, valuesOf } from './site-form-values.ts';

before(() => useTestI18n('fr'));

const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<Values>;
const resolve = bodyResolver(siteInputSchema, (v: Values) => toBody(v, null), siteFormFields, toFormPath);
const typed = (patch: Partial<Values>): Values => ({ ...valuesOf(), name: 'Essai', ...patch });

test('puts the server schema’s errors by the fields a person typed them in, the point’s two numbers apart', async () => {
  const result = await resolve(typed({ code: 'kzi 9', lat: '-95', lon: '25.4' }), undefined, options);
  assert.deepEqual(Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, v?.message])), {
    code: 'de 2 à 32 lettres majuscules, chiffres et tirets, par exemple KZI-017',
    lat: 'La latitude doit être comprise entre -90 et 90.',
  });
});

test('lets a valid site through, as the body the API takes', async () => {
  const values = typed({ code: 'KZI-090', lat: '-10.7', lon: '25.4', workforce: '120' });
  const result = await resolve(values, undefined, options);
  assert.deepEqual(result.errors, {});
  assert.deepEqual(toBody(values, null), {
    code: 'KZI-090',
    name: 'Essai',
    province: 'Lualaba',
    territory: null,
    zoneCode: null,
    concession: null,
    geometry: { type: 'Point', coordinates: [25.4, -10.7] },
    minerals: ['cobalt'],
    cooperativeIds: [],
    workforce: 120,
    pits: null,
    capacityKgMonth: null,
    typicalGradePct: null,
  });
});

test('keeps a site’s outline unless a point is typed, and shows a geometry error by the latitude', () => {
  const outline = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [25, -10],
        [25.1, -10],
        [25.1, -10.1],
        [25, -10],
      ],
    ],
  };
  assert.deepEqual(toBody(typed({}), outline).geometry, outline);
  assert.deepEqual(toBody(typed({ lon: '25.2', lat: '-10.05' }), outline).geometry, {
    type: 'Point',
    coordinates: [25.2, -10.05],
  });
  assert.deepEqual(
    ['geometry.coordinates.0', 'geometry.coordinates.1', 'geometry', 'geometry.type', 'code'].map(toFormPath),
    ['lon', 'lat', 'lat', 'lat', 'code'],
  );
});
