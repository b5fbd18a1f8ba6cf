import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problems.ts';

export interface Upload {
  /** The form's text fields. */
  fields: Record<string, string>;
  filename: string;
  mimetype: string;
  content: Buffer;
}

/** Text fields an upload form may carry beside its one file. */
const MAX_FIELDS = 10;

/** Why a multipart body could not be read, as a problem: too large stays 413, anything else is 400. */
function unreadable(error: unknown, limitBytes: number): HttpProblem {
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new HttpProblem('payload-too-large', 'the file is larger than this server accepts', [], {
      code: 'common.file-too-large',
      params: { limit: limitBytes },
    });
  if (code === 'FST_FILES_LIMIT')
    return new HttpProblem(
      'malformed-request',
      'send one file per request',
      [{ path: 'file', message: 'only one file', code: 'common.file-one' }],
      { code: 'common.file-one' },
    );
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
    return new HttpProblem(
      'malformed-request',
      `the form has too many parts: one file and at most ${MAX_FIELDS} text fields`,
      [],
      { code: 'common.form-too-many-parts', params: { max: MAX_FIELDS } },
    );
  // Busboy's own words say what is wrong: "Malformed part header", "Unexpected end of form"…
  return new HttpProblem(
    'malformed-request',
    `the multipart/form-data body could not be read: ${(error as Error).message}`,
    [],
    { code: 'common.form-unreadable' },
  );
}

/** Reads a multipart/form-data upload of one file and its text fields; a body that cannot be read is a 400. */
export async function readUpload(request: FastifyRequest, limitBytes: number): Promise<Upload> {
  if (!request.isMultipart())
    throw new HttpProblem('unsupported-media-type', 'send the file as multipart/form-data', [], {
      code: 'common.multipart-required',
    });
  const fields: Record<string, string> = {};
  let file: Omit<Upload, 'fields'> | null = null;
  try {
    const parts = request.parts({
      limits: { fileSize: limitBytes, files: 1, fields: MAX_FIELDS, parts: MAX_FIELDS + 1 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        file = { filename: part.filename, mimetype: part.mimetype, content: await part.toBuffer() };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    throw unreadable(error, limitBytes);
  }
  if (!file)
    throw new HttpProblem(
      'invalid-input',
      'no file in the form',
      [{ path: 'file', message: 'required', code: 'common.field.required' }],
      undefined, // the field's code says it
    );
  return { fields, ...file };
}
