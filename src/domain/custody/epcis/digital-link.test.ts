import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalDigitalLink, checkDigit } from './digital-link.ts';

test('computes the GS1 check digit', () => {
  assert.equal(checkDigit('04012345000000333'), '8');
  assert.equal(checkDigit('401234500011'), '5');
  assert.equal(checkDigit('0401234511111'), '8');
});

test('turns every EPC scheme into its Digital Link', () => {
  const cases: [string, string][] = [
    ['urn:epc:id:sgtin:4012345.011111.98%22', 'https://id.gs1.org/01/04012345111118/21/98%22'],
    ['urn:epc:id:sgtin:415056789012.0.987654', 'https://id.gs1.org/01/04150567890128/21/987654'],
    ['urn:epc:id:sscc:4012345.3111111111', 'https://id.gs1.org/00/340123451111111111'],
    ['urn:epc:id:sgln:4012345.00005.122', 'https://id.gs1.org/414/4012345000054/254/122'],
    ['urn:epc:id:sgln:4012345.00005.0', 'https://id.gs1.org/414/4012345000054'],
    ['urn:epc:id:grai:4012345.00022.334455', 'https://id.gs1.org/8003/04012345000221334455'],
    ['urn:epc:id:giai:4012345.ABC345', 'https://id.gs1.org/8004/4012345ABC345'],
    ['urn:epc:id:gsrn:4012345.0000006765', 'https://id.gs1.org/8018/401234500000067657'],
    ['urn:epc:id:gsrnp:4012345.0000000007', 'https://id.gs1.org/8017/401234500000000074'],
    ['urn:epc:id:gdti:987659999999..9', 'https://id.gs1.org/253/98765999999929'],
    [
      'urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234',
      'https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234',
    ],
    ['urn:epc:id:ginc:0614141.xyz47%2F11', 'https://id.gs1.org/401/0614141xyz47%2F11'],
    ['urn:epc:id:gsin:4012345.222333444', 'https://id.gs1.org/402/40123452223334442'],
    ['urn:epc:id:itip:4012345.011111.01.02.987', 'https://id.gs1.org/8006/040123451111180102/21/987'],
    [
      "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB",
      "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB",
    ],
    ['urn:epc:id:pgln:999999999999.', 'https://id.gs1.org/417/9999999999994'],
    ['urn:epc:class:lgtin:4012345.012345.Lot987', 'https://id.gs1.org/01/04012345123456/10/Lot987'],
    ['urn:epc:idpat:sgtin:4012345.044444.*', 'https://id.gs1.org/01/04012345444445'],
    ['urn:epc:idpat:grai:4012345.66666.*', 'https://id.gs1.org/8003/04012345666663'],
    ['urn:epc:idpat:itip:4012345.012345.01.02.*', 'https://id.gs1.org/8006/040123451234560102'],
    ['urn:epc:id:sgcn:4012345.99999.44', 'https://id.gs1.org/255/401234599999044'],
  ];
  for (const [urn, dl] of cases) assert.equal(canonicalDigitalLink(urn), dl, urn);
});

test('moves Digital Links to id.gs1.org with numeric AIs, padded GTINs and no query string', () => {
  assert.equal(
    canonicalDigitalLink('https://example.com/gtin/09780345418913/21/765tz?abc=211121'),
    'https://id.gs1.org/01/09780345418913/21/765tz',
  );
  assert.equal(
    canonicalDigitalLink('https://id.gs1.de/414/4012345000115'),
    'https://id.gs1.org/414/4012345000115',
  );
  assert.equal(
    canonicalDigitalLink('https://brand.example/01/9780345418913'),
    'https://id.gs1.org/01/09780345418913',
  );
});

test('leaves what is not a GS1 identifier alone', () => {
  assert.equal(canonicalDigitalLink('geo:50.9,6.9'), null);
  assert.equal(canonicalDigitalLink('urn:epcglobal:cbv:bt:4012345000009:ASN1099'), null);
  assert.equal(canonicalDigitalLink('https://example.com/certificates/ABC'), null);
  assert.equal(canonicalDigitalLink('urn:epc:idpat:sgtin:4012345.*.*'), null);
});
