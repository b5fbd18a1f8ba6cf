import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problems.ts';

export interface Upload {
  /** Text fields sent before the file part. */
  fields: Record<string, string>;
  filename: string;
  mimetype: string;
  content: Buffer;
}

/** Reads a multipart/form-data upload of one file; its text fields must come before the file. */
export async function readUpload(request: FastifyRequest, limitBytes: number): Promise<Upload> {
  if (!request.isMultipart())
    throw new HttpProblem('unsupported-media-type', 'send the file as multipart/form-data');
  const part = await request.file({ limits: { fileSize: limitBytes, files: 1 } });
  if (!part)
    throw new HttpProblem('invalid-input', 'no file in the form', [{ path: 'file', message: 'required' }]);
  const content = await part.toBuffer();
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(part.fields)) {
    const v = value as { type?: string; value?: unknown } | undefined;
    if (v?.type === 'field' && typeof v.value === 'string') fields[name] = v.value;
  }
  return { fields, filename: part.filename, mimetype: part.mimetype, content };
}
