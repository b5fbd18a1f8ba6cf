import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { grievanceForm, VISIT_FORM } from './forms.ts';
import { parseInstance } from './submission-xml.ts';
import { buildXForm, type Translate } from './xform.ts';

const say: Translate = (key, lng, values = {}) => `${lng}:${key}${Object.values(values).join('-')}`;

test('the XForm is well-formed, says every label in French, English and Swahili, and names its version', () => {
  const { xml, version } = buildXForm(VISIT_FORM, say);
  assert.equal(XMLValidator.validate(xml), true);
  assert.match(xml, new RegExp(`<data id="amana-visit" version="${version}">`));
  for (const lang of ['French \\(fr\\)" default="true\\(\\)', 'English \\(en\\)', 'Swahili \\(sw\\)'])
    assert.match(xml, new RegExp(`<translation lang="${lang}">`));
  assert.match(
    xml,
    /<text id="\/data\/headCount:constraintMsg">\s*<value>sw:openrosa:form.between0-100000<\/value>/,
  );
  assert.match(xml, /<bind nodeset="\/data\/photo" type="binary"\/>/);
  assert.match(xml, /<upload ref="\/data\/photo" mediatype="image\/\*">/);
});

test('a changed definition or label publishes a new version; the same ones keep it', () => {
  const { version } = buildXForm(VISIT_FORM, say);
  assert.equal(buildXForm(VISIT_FORM, say).version, version);
  const fewer = { ...VISIT_FORM, fields: VISIT_FORM.fields.filter((f) => f.name !== 'photo') };
  assert.notEqual(buildXForm(fewer, say).version, version);
  const reworded: Translate = (key, lng, values) =>
    key === 'openrosa:form.site' ? 'Mine' : say(key, lng, values);
  assert.notEqual(buildXForm(VISIT_FORM, reworded).version, version);
});

test('an instance is read by its root’s form id and version, its meta instanceID and its fields', () => {
  const parsed = parseInstance(
    `<?xml version='1.0' ?><data id="amana-visit" version="abc" xmlns:orx="http://openrosa.org/xforms"><site>s</site><notes>a &amp; b</notes><orx:meta><orx:instanceID>uuid:1</orx:instanceID></orx:meta></data>`,
  );
  assert.deepEqual(parsed, {
    formId: 'amana-visit',
    version: 'abc',
    instanceId: 'uuid:1',
    values: { site: 's', notes: 'a & b' },
  });
  assert.equal((parseInstance('<data id="x"><a></data>') as { reason: string }).reason, 'malformed');
  assert.equal(
    (parseInstance('<data><meta><instanceID>u</instanceID></meta></data>') as { reason: string }).reason,
    'no-form-id',
  );
  assert.equal((parseInstance('<data id="x"><a/></data>') as { reason: string }).reason, 'no-instance-id');
  assert.equal(
    (
      parseInstance(`<data id="x"><meta><instanceID>${'u'.repeat(300)}</instanceID></meta></data>`) as {
        reason: string;
      }
    ).reason,
    'instance-id-too-long',
  );
});

test('an encrypted form names the public key in its submission element; the others have none', () => {
  assert.match(
    buildXForm(grievanceForm('MIIBIjAN'), say).xml,
    /<submission method="post" base64RsaPublicKey="MIIBIjAN"\/>/,
  );
  assert.doesNotMatch(buildXForm(VISIT_FORM, say).xml, /<submission/);
});
