import nodemailer from 'nodemailer';
import type { ServiceContext } from './context.ts';

/** Sends one e-mail through the configured SMTP server; says why not when it could not. */
export async function sendMail(
  ctx: ServiceContext,
  mail: {
    to: string;
    subject: string;
    text: string;
    headers?: Record<string, string>;
    attachments?: { filename: string; content: Buffer; contentType: string }[];
  },
): Promise<{ ok: true } | { ok: false; error: string }> {
  if (!ctx.config.smtpUrl) return { ok: false, error: 'no SMTP server is configured (AMANA_SMTP_URL)' };
  const transport = nodemailer.createTransport(ctx.config.smtpUrl);
  try {
    await transport.sendMail({ from: ctx.config.mailFrom, ...mail });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    transport.close();
  }
}
