import { createHash } from 'node:crypto';
import { EVIDENCE_TYPES, type EvidenceType, sniffEvidenceType } from '../domain/actors/evidence-file.ts';
import { invalid, ServiceError } from './errors.ts';

/** A file as an upload brings it. */
export interface IncomingFile {
  filename: string;
  declaredType: string;
  content: Buffer;
}

/** A file that passed the checks, ready to store. */
export interface CheckedFile {
  filename: string;
  contentType: EvidenceType;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
}

const NAMES: Record<EvidenceType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
};

/**
 * Every uploaded file goes through here: not empty, within the size limit, and of an allowed type judged by
 * its content, which must also agree with the type the client declared.
 */
export function checkUpload(
  file: IncomingFile,
  limitBytes: number,
  allowed: readonly EvidenceType[] = EVIDENCE_TYPES,
): CheckedFile {
  if (file.content.length === 0)
    throw invalid([{ path: 'file', message: 'the file is empty', code: 'common.file-empty' }]);
  if (file.content.length > limitBytes)
    throw new ServiceError('too_large', `the file is larger than the limit of ${limitBytes} bytes`, [], {
      code: 'common.file-too-large',
      params: { limit: limitBytes },
    });
  const actual = sniffEvidenceType(file.content.subarray(0, 16));
  if (!actual || !allowed.includes(actual)) {
    const names = allowed.map((t) => NAMES[t]);
    throw new ServiceError(
      'unsupported_media',
      `the file must be ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1)}`,
      [],
      { code: 'common.file-type', params: { types: names.join(', ') } },
    );
  }
  if (file.declaredType !== actual && file.declaredType !== 'application/octet-stream') {
    throw new ServiceError(
      'unsupported_media',
      `the file was sent as ${file.declaredType} but its content is ${actual}`,
      [],
      { code: 'common.file-type-mismatch', params: { declared: file.declaredType, actual } },
    );
  }
  return {
    filename: file.filename.replace(/[/\\]/g, '_').slice(0, 200) || 'file',
    contentType: actual,
    sizeBytes: file.content.length,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    content: file.content,
  };
}

export const IMAGE_TYPES: readonly EvidenceType[] = ['image/jpeg', 'image/png', 'image/webp'];
