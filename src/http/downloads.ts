import type { FastifyReply } from 'fastify';

/** Sends a stored file as an attachment, under a safe name and never sniffed by the browser. */
export function sendDownload(
  reply: FastifyReply,
  file: { contentType: string; filename: string },
  content: Buffer,
) {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`)
    .header('x-content-type-options', 'nosniff')
    .send(content);
}
