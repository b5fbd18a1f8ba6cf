import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceError } from './errors.ts';
import { checkUpload, IMAGE_TYPES } from './files.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]);
const fail = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return [(e as ServiceError).kind, (e as ServiceError).message];
  }
  return null;
};

test('accepts an allowed file, names it safely and fingerprints it', () => {
  const ok = checkUpload(
    { filename: '../../etc/photo.png', declaredType: 'image/png', content: png },
    100,
    IMAGE_TYPES,
  );
  assert.deepEqual(
    [ok.filename, ok.contentType, ok.sizeBytes, ok.sha256.length],
    ['.._.._etc_photo.png', 'image/png', 9, 64],
  );
});

test('refuses empty, oversize, disallowed and mislabelled files, saying why', () => {
  assert.deepEqual(
    fail(() => checkUpload({ filename: 'x', declaredType: 'image/png', content: Buffer.alloc(0) }, 100)),
    ['invalid', 'some fields are invalid'],
  );
  assert.deepEqual(
    fail(() => checkUpload({ filename: 'x', declaredType: 'image/png', content: png }, 8)),
    ['too_large', 'the file is larger than the limit of 8 bytes'],
  );
  assert.deepEqual(
    fail(() =>
      checkUpload(
        { filename: 'x', declaredType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
        100,
        IMAGE_TYPES,
      ),
    ),
    ['unsupported_media', 'the file must be JPEG, PNG or WebP'],
  );
  assert.deepEqual(
    fail(() => checkUpload({ filename: 'x', declaredType: 'image/jpeg', content: png }, 100)),
    ['unsupported_media', 'the file was sent as image/jpeg but its content is image/png'],
  );
});

test('each refusal carries a stable code and the values its sentence names', () => {
  const coded = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      const { code, params, errors } = e as ServiceError;
      return { code, params, errors };
    }
    return null;
  };
  assert.deepEqual(
    coded(() => checkUpload({ filename: 'x', declaredType: 'image/png', content: Buffer.alloc(0) }, 100)),
    {
      code: undefined,
      params: undefined,
      errors: [{ path: 'file', message: 'the file is empty', code: 'common.file-empty' }],
    },
  );
  assert.deepEqual(
    coded(() => checkUpload({ filename: 'x', declaredType: 'image/png', content: png }, 8)),
    { code: 'common.file-too-large', params: { limit: 8 }, errors: [] },
  );
  assert.deepEqual(
    coded(() =>
      checkUpload(
        { filename: 'x', declaredType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
        100,
        IMAGE_TYPES,
      ),
    ),
    { code: 'common.file-type', params: { types: 'JPEG, PNG, WebP' }, errors: [] },
  );
  assert.deepEqual(
    coded(() => checkUpload({ filename: 'x', declaredType: 'image/jpeg', content: png }, 100)),
    {
      code: 'common.file-type-mismatch',
      params: { declared: 'image/jpeg', actual: 'image/png' },
      errors: [],
    },
  );
});
