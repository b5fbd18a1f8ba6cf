import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FilterError, noFilters, qualifiedName, readFilterParameter } from './query-filters.ts';
import { inBaseUnit } from './units.ts';

const read = (key: string, raw: string) => {
  const filters = noFilters();
  const errors: FilterError[] = [];
  const known = readFilterParameter(key, raw, filters, errors);
  return { known, filters, errors };
};

describe('SimpleEventQuery filters on the stored event', () => {
  test('a qualified field name is a namespace and a local name, the namespace with or without its separator', () => {
    assert.deepEqual(qualifiedName('https://ns.example.org/x#weight'), {
      namespaces: [
        'https://ns.example.org/x',
        'https://ns.example.org/x#',
        'https://ns.example.org/x/',
        'https://ns.example.org/x:',
      ],
      local: 'weight',
    });
    assert.equal(qualifiedName('https://ns.example.org/x/weight')?.local, 'weight');
    assert.equal(qualifiedName('colour'), null);
    assert.equal(qualifiedName('https://ns.example.org/x#'), null);
  });

  test('units convert within their dimension, and a unit of no known dimension only to itself', () => {
    const c = inBaseUnit(26, 'CEL');
    assert.equal(c.base, 299.15);
    assert.deepEqual(
      c.units.map((u) => u.uom),
      ['KEL', 'CEL', 'FAH'],
    );
    const fah = c.units.find((u) => u.uom === 'FAH');
    assert.ok(fah && Math.abs(78.8 * fah.factor + fah.offset - 299.15) < 1e-9);
    assert.equal(inBaseUnit(0.5, 'TNE').base, 500);
    assert.deepEqual(inBaseUnit(40, 'P1'), { base: 40, units: [{ uom: 'P1', factor: 1, offset: 0 }] });
  });

  test('equality parameters become JSON paths with every spelling of a term, its values quoted', () => {
    assert.deepEqual(
      read('EQ_persistentDisposition_set', 'completeness_verified|cbv:Disp-active').filters.paths,
      [
        [
          '$.persistentDisposition.set[*] ? (@ == "completeness_verified" || @ == "active" || @ == "cbv:Disp-active")',
        ],
      ],
    );
    assert.deepEqual(read('EQ_stringValue', 'say "hi"').filters.paths, [
      ['$.sensorElementList[*].sensorReport[*].stringValue ? (@ == "say \\"hi\\"")'],
    ]);
    assert.deepEqual(read('GE_quantity', '5').filters.paths[0].length, 4);
  });

  test('values a parameter cannot take are named with what it needs', () => {
    assert.deepEqual(read('GT_quantity', '5 kg').errors, [
      { path: 'GT_quantity', message: 'one number, e.g. 12.5', code: 'number' },
    ]);
    assert.equal(read('EQ_booleanValue', 'yes').errors[0].code, 'boolean');
    assert.equal(read('LT_time', 'noon').errors[0].code, 'time');
    assert.equal(read('GT_https://ns.example.org/x#weight', 'heavy').errors[0].code, 'number');
    assert.equal(read('EQ_destination_', 'x').errors[0].code, 'field');
    assert.equal(read('EQ_colour', 'red').known, false);
  });

  test('a filter on the error declaration or on sensor data holds only of events that have one', () => {
    assert.equal(read('EQ_errorReason', 'incorrect_data').filters.errorDeclared, true);
    assert.equal(read('LT_errorDeclarationTime', '2041-01-01T00:00:00Z').filters.errorDeclared, true);
    assert.equal(read('GT_value_CEL', '30').filters.sensed, true);
    assert.equal(read('EXISTS_SENSORREPORT_https://ns.example.org/x#probe', '').filters.sensed, true);
    assert.equal(read('GT_quantity_KGM', '30').filters.sensed, false);
  });

  test('master-data attributes match nothing, Amana holding no master data', () => {
    assert.equal(read('HASATTR_readPoint', 'urn:epcglobal:cbv:mda#site').filters.nothing, true);
    assert.equal(read('EQATTR_bizLocation_urn:epcglobal:cbv:mda#site', '1').filters.nothing, true);
  });
});
