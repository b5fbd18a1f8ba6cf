import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../config.ts';
import { healthProblems } from './health.ts';

const root = path.resolve(import.meta.dirname, '../..');

test('the EPCIS schema Amana validates against ships inside the project and is found by default', () => {
  const config = loadConfig({});
  assert.equal(
    path.relative(root, config.epcisSchemaPath),
    'src/services/custody/epcis-standard/EPCIS-JSON-Schema.json',
  );
  assert.deepEqual(healthProblems(config), []);
});

test('a missing EPCIS schema is named as a health problem', () => {
  const config = loadConfig({ AMANA_EPCIS_SCHEMA: '/nowhere/EPCIS-JSON-Schema.json' });
  assert.deepEqual(healthProblems(config), [
    {
      component: 'epcis-capture',
      message:
        'the EPCIS 2.0 JSON Schema is not at /nowhere/EPCIS-JSON-Schema.json; set AMANA_EPCIS_SCHEMA to its path',
    },
  ]);
});

test('an unreadable EPCIS schema is named as a health problem', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amana-schema-')), 'schema.json');
  fs.writeFileSync(file, '{ not json');
  const [problem] = healthProblems(loadConfig({ AMANA_EPCIS_SCHEMA: file }));
  assert.equal(problem.component, 'epcis-capture');
  assert.match(problem.message, new RegExp(`^the EPCIS 2.0 JSON Schema at ${file} cannot be read: `));
});
