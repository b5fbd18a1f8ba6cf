import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sniffEvidenceType } from './evidence-file.ts';

test('recognises PDF, JPEG, PNG and WebP by their first bytes', () => {
  assert.equal(sniffEvidenceType(Buffer.from('%PDF-1.7\n')), 'application/pdf');
  assert.equal(sniffEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(
    sniffEvidenceType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    'image/png',
  );
  assert.equal(sniffEvidenceType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
});

test('refuses anything else, however it is named', () => {
  assert.equal(sniffEvidenceType(Buffer.from('<html><script>')), null);
  assert.equal(sniffEvidenceType(Buffer.from('MZ\x90\0')), null);
  assert.equal(sniffEvidenceType(new Uint8Array(0)), null);
});
