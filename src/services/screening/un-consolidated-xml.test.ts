import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readUnConsolidated } from './un-consolidated-xml.ts';

const XML = `<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2020-03-20T19:09:21.822-04:00">
<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>GÉDÉON </FIRST_NAME><SECOND_NAME>KYUNGU</SECOND_NAME>
<UN_LIST_TYPE>DRC</UN_LIST_TYPE><REFERENCE_NUMBER>CDi.035 </REFERENCE_NUMBER><LISTED_ON>2018-02-01</LISTED_ON>
<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1974</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
</INDIVIDUAL></INDIVIDUALS><ENTITIES><ENTITY><FIRST_NAME>M23</FIRST_NAME><UN_LIST_TYPE>DRC</UN_LIST_TYPE>
<REFERENCE_NUMBER>CDe.006</REFERENCE_NUMBER><ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Mouvement du 23 mars</ALIAS_NAME></ENTITY_ALIAS>
</ENTITY></ENTITIES></CONSOLIDATED_LIST>`;

test('reads a list given in chunks cut anywhere, even inside a character', async () => {
  const bytes = Buffer.from(XML);
  const chunks = [...Array(Math.ceil(bytes.length / 7)).keys()].map((i) => bytes.subarray(i * 7, i * 7 + 7));
  const read = await readUnConsolidated(chunks, 10);
  assert.equal(read.generatedAt, '2020-03-20T19:09:21.822-04:00');
  assert.deepEqual(
    read.entries.map((e) => [
      e.reference,
      e.kind,
      e.name,
      e.nameParts,
      e.aliases,
      e.birthDates.length,
      e.program,
    ]),
    [
      ['CDi.035', 'individual', 'GÉDÉON KYUNGU', ['GÉDÉON', 'KYUNGU'], [], 1, 'DRC'],
      [
        'CDe.006',
        'entity',
        'M23',
        [],
        [{ name: 'Mouvement du 23 mars', quality: 'a.k.a.', note: null }],
        0,
        'DRC',
      ],
    ],
  );
});

test('refuses more entries than allowed, and names where malformed XML breaks', async () => {
  await assert.rejects(readUnConsolidated([XML], 1), {
    code: 'screening.too-many-entries',
    kind: 'too_large',
  });
  await assert.rejects(
    readUnConsolidated(['<CONSOLIDATED_LIST>\n<A></B>'], 10),
    (e: { code: string; params: unknown }) => {
      assert.equal(e.code, 'screening.xml-malformed');
      assert.deepEqual(e.params, { line: 2, column: 7 });
      return true;
    },
  );
  await assert.rejects(readUnConsolidated([Buffer.from([0x3c, 0x41, 0xff, 0x3e])], 10), {
    code: 'screening.xml-malformed',
  });
});
