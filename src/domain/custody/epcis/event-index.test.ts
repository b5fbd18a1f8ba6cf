import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identifier, indexEvent, vocabularyTerm } from './event-index.ts';

test('every spelling of a CBV term reads as the bare term', () => {
  for (const v of [
    'shipping',
    'cbv:BizStep-shipping',
    'https://ref.gs1.org/cbv/BizStep-shipping',
    'urn:epcglobal:cbv:bizstep:shipping',
  ])
    assert.equal(vocabularyTerm(v, 'BizStep'), 'shipping', v);
  assert.equal(vocabularyTerm('urn:epcglobal:cbv:disp:in_transit', 'Disp'), 'in_transit');
  assert.equal(
    vocabularyTerm('https://example.org/steps/smelting', 'BizStep'),
    'https://example.org/steps/smelting',
  );
});

test('an event is indexed by normalised identifiers and terms', () => {
  const index = indexEvent({
    type: 'AggregationEvent',
    eventTime: '2026-11-20T10:00:00+01:00',
    parentID: 'urn:epc:id:sscc:4012345.0000000333',
    childEPCs: ['urn:amana:lot:TAG-1'],
    childQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: 200, uom: 'KGM' }],
    action: 'ADD',
    bizStep: 'urn:epcglobal:cbv:bizstep:packing',
    readPoint: { id: 'urn:epc:id:sgln:4012345.00011.0' },
    bizTransactionList: [{ type: 'inv', bizTransaction: 'INV-2026-118' }, { bizTransaction: 'urn:x:1' }],
  });
  assert.deepEqual(index, {
    eventType: 'AggregationEvent',
    eventTime: new Date('2026-11-20T09:00:00Z'),
    action: 'ADD',
    bizStep: 'packing',
    disposition: null,
    readPoint: 'https://id.gs1.org/414/4012345000115',
    bizLocation: null,
    parentId: 'https://id.gs1.org/00/040123450000003338',
    epcs: ['urn:amana:lot:TAG-1'],
    inputEpcs: [],
    outputEpcs: [],
    epcClasses: ['https://id.gs1.org/01/04012345123456/10/998877'],
    inputClasses: [],
    outputClasses: [],
    bizTransactions: ['inv INV-2026-118', ' urn:x:1'],
  });
  assert.equal(identifier(' urn:amana:lot:TAG-1 '), 'urn:amana:lot:TAG-1');
});
