// The shared EPCIS conformance documents (test/fixtures/epcis, each folder with its licence), as the API
// tests of the EPCIS repository read them.
import fs from 'node:fs';
import path from 'node:path';

export const SHARED = path.resolve(import.meta.dirname, '../fixtures/epcis');

/** Every document of a folder, recursively. */
export function documentsIn(dir: string, pattern = /\.(jsonld|json)$/): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return documentsIn(p, pattern);
    return pattern.test(d.name) ? [p] : [];
  });
}

/**
 * Documents of the peer suite that use terms CBV 2.0 does not have, checked against the standard: sensor
 * types "Molar_concentration" and "EffectiveDoseRate" are in neither the GS1 Web Vocabulary's
 * MeasurementType list (1.16) nor GS1's EPCIS 2.0 JSON Schema and context, and "cbv:my_own_party"
 * names, in GS1's CBV namespace, a source/destination type CBV 2.0 does not define. Each is refused,
 * naming every such value.
 */
export const NOT_STANDARD: Record<
  string,
  { path: string; code: string; value: string; vocabulary: string }[]
> = {
  'openepcis/documents/CurieString_document.json': [
    {
      path: 'epcisBody.eventList.0.destinationList.3.type',
      code: 'custody.epcis-vocabulary-gs1-uri',
      value: 'cbv:my_own_party',
      vocabulary: 'SDT',
    },
  ],
  'openepcis/documents/SensorData_with_combined_events.json': [
    {
      path: 'epcisBody.eventList.7.sensorElementList.0.sensorReport.1.type',
      code: 'custody.epcis-vocabulary-term',
      value: 'Molar_concentration',
      vocabulary: 'MeasurementType',
    },
    {
      path: 'epcisBody.eventList.7.sensorElementList.0.sensorReport.2.type',
      code: 'custody.epcis-vocabulary-term',
      value: 'Molar_concentration',
      vocabulary: 'MeasurementType',
    },
    {
      path: 'epcisBody.eventList.10.sensorElementList.0.sensorReport.0.type',
      code: 'custody.epcis-vocabulary-term',
      value: 'EffectiveDoseRate',
      vocabulary: 'MeasurementType',
    },
  ],
  'openepcis/documents/TransactionEvent_with_userExtensions.json': [
    {
      path: 'epcisBody.eventList.0.sensorElementList.0.sensorReport.0.type',
      code: 'custody.epcis-vocabulary-term',
      value: 'EffectiveDoseRate',
      vocabulary: 'MeasurementType',
    },
  ],
};

const ALL = [
  ...documentsIn(path.join(SHARED, 'gs1/JSON')).filter((f) => !f.endsWith('EPCISQueryDocument.jsonld')),
  ...documentsIn(path.join(SHARED, 'openepcis/documents')),
].sort();

/** The valid EPCIS 2.0 documents of the shared fixtures (JSON-LD): GS1's examples and the peer suite's. */
export const CONFORMANCE = ALL.filter((f) => !(path.relative(SHARED, f) in NOT_STANDARD));

/** The fixtures' documents that are not valid EPCIS 2.0 (NOT_STANDARD), by path. */
export const REFUSED = ALL.filter((f) => path.relative(SHARED, f) in NOT_STANDARD);

export const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
