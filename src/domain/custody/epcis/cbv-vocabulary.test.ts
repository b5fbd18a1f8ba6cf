import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  checkVocabularyValue,
  inJsonBindingForm,
  jsonBindingForm,
  type VocabularyName,
  vocabularyDefects,
  vocabularyTerms,
} from './cbv-vocabulary.ts';
import { contextPrefixes } from './event-hash.ts';

const STANDARD = path.resolve(import.meta.dirname, '../../../services/custody/epcis-standard');
const schema = JSON.parse(fs.readFileSync(path.join(STANDARD, 'EPCIS-JSON-Schema.json'), 'utf8')).definitions;
const context = JSON.parse(fs.readFileSync(path.join(STANDARD, 'epcis-context.jsonld'), 'utf8'))['@context'];
const prefixes = contextPrefixes();

const enumOf = (definition: string): string[] =>
  (schema[definition].anyOf as { enum?: string[] }[]).find((a) => a.enum)?.enum ?? [];
const sorted = (v: string[]) => [...v].sort();

describe('CBV 2.0 term lists', () => {
  test('are the terms GS1’s EPCIS 2.0 JSON Schema enumerates, field by field', () => {
    const fields: [VocabularyName, string][] = [
      ['BizStep', 'bizStep'],
      ['Disp', 'disposition'],
      ['BTT', 'bizTransaction-type'],
      ['SDT', 'source-dest-type'],
      ['ER', 'error-reason'],
      ['Comp', 'component'],
      ['MeasurementType', 'measurementType'],
      ['SensorAlertType', 'sensorAlertType'],
    ];
    for (const [name, definition] of fields)
      assert.deepEqual(sorted(vocabularyTerms(name)), sorted(enumOf(definition)), name);
  });

  test('are the terms the EPCIS 2.0 JSON-LD context maps to CBV web URIs', () => {
    const mapped = (scoped: Record<string, unknown>, prefix: string) =>
      sorted(
        Object.entries(scoped)
          .filter(([, v]) => typeof v === 'string' && v.startsWith(prefix))
          .map(([k]) => k),
      );
    assert.deepEqual(mapped(context.bizStep['@context'], 'cbv:BizStep-'), sorted(vocabularyTerms('BizStep')));
    assert.deepEqual(mapped(context.disposition['@context'], 'cbv:Disp-'), sorted(vocabularyTerms('Disp')));
    assert.deepEqual(
      mapped(context.bizTransactionList['@context'].type['@context'], 'cbv:BTT-'),
      sorted(vocabularyTerms('BTT')),
    );
    assert.deepEqual(
      mapped(context.sourceList['@context'].type['@context'], 'cbv:SDT-'),
      sorted(vocabularyTerms('SDT')),
    );
    assert.deepEqual(
      mapped(context.errorDeclaration['@context'].reason['@context'], 'cbv:ER-'),
      sorted(vocabularyTerms('ER')),
    );
  });

  test('count the terms CBV 2.0 has', () => {
    assert.deepEqual(
      (['BizStep', 'Disp', 'BTT', 'SDT', 'ER', 'Comp', 'MeasurementType', 'SensorAlertType'] as const).map(
        (n) => vocabularyTerms(n).length,
      ),
      [41, 33, 13, 3, 2, 14, 72, 2],
    );
  });
});

describe('checkVocabularyValue', () => {
  test('takes a bare term of the field’s vocabulary and answers it', () => {
    assert.deepEqual(checkVocabularyValue('BizStep', 'shipping', prefixes), { ok: true, term: 'shipping' });
    assert.deepEqual(checkVocabularyValue('MeasurementType', 'Temperature', prefixes), {
      ok: true,
      term: 'Temperature',
    });
  });

  test('refuses a made-up bare word, and a term of another vocabulary', () => {
    assert.deepEqual(checkVocabularyValue('MeasurementType', 'Temprature', prefixes), {
      ok: false,
      code: 'custody.epcis-vocabulary-term',
      message:
        '"Temprature" is not a term of the CBV 2.0 vocabulary MeasurementType; use one of its terms or a URI of your own namespace',
    });
    assert.equal(checkVocabularyValue('BizStep', 'in_transit', prefixes).ok, false);
    assert.equal(checkVocabularyValue('BizStep', 'Shipping', prefixes).ok, false);
  });

  test('takes web URIs, CURIEs and CBV 1.x URNs that name a term of the field’s vocabulary', () => {
    for (const v of [
      'https://ref.gs1.org/cbv/BizStep-shipping',
      'cbv:BizStep-shipping',
      'urn:epcglobal:cbv:bizstep:shipping',
    ])
      assert.deepEqual(checkVocabularyValue('BizStep', v, prefixes), { ok: true, term: 'shipping' }, v);
    assert.deepEqual(checkVocabularyValue('MeasurementType', 'gs1:Angle', prefixes), {
      ok: true,
      term: 'Angle',
    });
    assert.deepEqual(checkVocabularyValue('SensorAlertType', 'gs1:ALARM_CONDITION', prefixes), {
      ok: true,
      term: 'ALARM_CONDITION',
    });
    assert.deepEqual(checkVocabularyValue('Comp', 'cbv:Comp-latitude', prefixes), {
      ok: true,
      term: 'latitude',
    });
  });

  test('refuses a URI in GS1’s namespaces that names no term of the field’s vocabulary', () => {
    for (const [name, v] of [
      ['BizStep', 'https://ref.gs1.org/cbv/BizStep-shiping'],
      ['BizStep', 'https://ref.gs1.org/cbv/Disp-in_transit'],
      ['BizStep', 'urn:epcglobal:cbv:bizstep:teleporting'],
      ['BizStep', 'urn:epcglobal:cbv:disp:in_transit'],
      ['SDT', 'cbv:my_own_party'],
      ['MeasurementType', 'https://gs1.org/voc/Temprature'],
      ['SensorAlertType', 'gs1:Temperature'],
    ] as [VocabularyName, string][])
      assert.deepEqual(
        checkVocabularyValue(name, v, prefixes),
        {
          ok: false,
          code: 'custody.epcis-vocabulary-gs1-uri',
          message: `"${v}" is in GS1's namespace but names no term of the CBV 2.0 vocabulary ${name}`,
        },
        v,
      );
  });

  test('takes a URI of another namespace, and a CURIE of a prefix the document declares', () => {
    assert.deepEqual(checkVocabularyValue('BizStep', 'https://example.com/bizStep/inspecting', prefixes), {
      ok: true,
      term: null,
    });
    assert.deepEqual(checkVocabularyValue('BTT', 'urn:gs1:epcisapp:rail:btt:passage', prefixes), {
      ok: true,
      term: null,
    });
    assert.deepEqual(
      checkVocabularyValue('Comp', 'example:x', { ...prefixes, example: 'https://ns.example.com/' }),
      { ok: true, term: null },
    );
  });

  test('refuses what is neither a bare word nor an absolute URI', () => {
    for (const v of ['in transit: soon', ':shipping', 'https://example.com/a b'])
      assert.deepEqual(
        checkVocabularyValue('BizStep', v, prefixes),
        {
          ok: false,
          code: 'custody.epcis-vocabulary-uri',
          message: `"${v}" is neither a term of the CBV 2.0 vocabulary BizStep nor an absolute URI`,
        },
        v,
      );
  });
});

describe('vocabularyDefects', () => {
  test('names every defect of every field that takes a vocabulary, with its path', () => {
    const event = {
      type: 'ObjectEvent',
      bizStep: 'shiping',
      disposition: 'in_transit',
      persistentDisposition: {
        set: ['completeness_verified', 'verified'],
        unset: ['urn:epcglobal:cbv:disp:lost'],
      },
      bizTransactionList: [
        { type: 'po', bizTransaction: 'urn:x' },
        { type: 'purchase', bizTransaction: 'urn:y' },
      ],
      sourceList: [{ type: 'owner', source: 'urn:z' }],
      destinationList: [{ type: 'https://ref.gs1.org/cbv/SDT-location', destination: 'urn:z' }],
      sensorElementList: [
        {
          sensorReport: [
            { type: 'Temprature', value: 1 },
            { exception: 'ALARM', component: 'north' },
          ],
        },
      ],
      errorDeclaration: { declarationTime: '2020-01-01T00:00:00Z', reason: 'mistake' },
    };
    const found = vocabularyDefects(
      [{ type: 'ObjectEvent', bizStep: 'shipping' }, event],
      'epcisBody.eventList',
      () => prefixes,
    );
    assert.deepEqual(
      found.map((d) => [d.path, d.code, d.vocabulary, d.value]),
      [
        ['epcisBody.eventList.1.bizStep', 'custody.epcis-vocabulary-term', 'BizStep', 'shiping'],
        [
          'epcisBody.eventList.1.persistentDisposition.set.1',
          'custody.epcis-vocabulary-term',
          'Disp',
          'verified',
        ],
        [
          'epcisBody.eventList.1.persistentDisposition.unset.0',
          'custody.epcis-vocabulary-gs1-uri',
          'Disp',
          'urn:epcglobal:cbv:disp:lost',
        ],
        [
          'epcisBody.eventList.1.bizTransactionList.1.type',
          'custody.epcis-vocabulary-term',
          'BTT',
          'purchase',
        ],
        ['epcisBody.eventList.1.sourceList.0.type', 'custody.epcis-vocabulary-term', 'SDT', 'owner'],
        [
          'epcisBody.eventList.1.sensorElementList.0.sensorReport.0.type',
          'custody.epcis-vocabulary-term',
          'MeasurementType',
          'Temprature',
        ],
        [
          'epcisBody.eventList.1.sensorElementList.0.sensorReport.1.exception',
          'custody.epcis-vocabulary-term',
          'SensorAlertType',
          'ALARM',
        ],
        [
          'epcisBody.eventList.1.sensorElementList.0.sensorReport.1.component',
          'custody.epcis-vocabulary-term',
          'Comp',
          'north',
        ],
        ['epcisBody.eventList.1.errorDeclaration.reason', 'custody.epcis-vocabulary-term', 'ER', 'mistake'],
      ],
    );
  });
});

describe('the JSON binding’s spelling', () => {
  test('writes CBV 1.x URNs and full GS1 sensor URIs of real terms as bare terms, and nothing else', () => {
    assert.equal(jsonBindingForm('BizStep', 'urn:epcglobal:cbv:bizstep:shipping'), 'shipping');
    assert.equal(
      jsonBindingForm('BizStep', 'urn:epcglobal:cbv:bizstep:teleporting'),
      'urn:epcglobal:cbv:bizstep:teleporting',
    );
    assert.equal(
      jsonBindingForm('BizStep', 'https://ref.gs1.org/cbv/BizStep-shipping'),
      'https://ref.gs1.org/cbv/BizStep-shipping',
    );
    assert.equal(jsonBindingForm('MeasurementType', 'https://gs1.org/voc/Temperature'), 'Temperature');
    assert.equal(
      jsonBindingForm('SensorAlertType', 'https://gs1.org/voc/ALARM_CONDITION'),
      'ALARM_CONDITION',
    );
    assert.equal(jsonBindingForm('Disp', 'in_transit'), 'in_transit');
  });

  test('copies an event only when one of its values changes', () => {
    const plain = { type: 'ObjectEvent', bizStep: 'shipping' };
    assert.equal(inJsonBindingForm(plain), plain);
    const sent = {
      type: 'ObjectEvent',
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      persistentDisposition: { set: ['urn:epcglobal:cbv:disp:in_transit'] },
    };
    assert.deepEqual(inJsonBindingForm(sent), {
      type: 'ObjectEvent',
      bizStep: 'shipping',
      persistentDisposition: { set: ['in_transit'] },
    });
    assert.equal(sent.bizStep, 'urn:epcglobal:cbv:bizstep:shipping');
  });
});
