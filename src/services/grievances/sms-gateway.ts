import type { Config } from '../../config.ts';

/** What the gateway said of one SMS sent: its id when it took it, else why not. */
export type SmsSendResult = { sent: true; messageId: string | null } | { sent: false; failure: string };

/** Sends an SMS to one number through the gateway. */
export interface SmsGateway {
  send(to: string, text: string): Promise<SmsSendResult>;
}

/** How long the gateway has to answer before the message counts as not sent. */
const TIMEOUT_MS = 15_000;

/**
 * Africa's Talking's send API (POST form fields username, to, message, from; header apiKey; JSON answer with one
 * recipient per number), at the address configured in AMANA_SMS_SEND_URL and nowhere else. Without that address
 * nothing can be sent, and each message says so.
 */
export function httpSmsGateway(config: Config['sms']): SmsGateway {
  return {
    async send(to, text) {
      if (!config.sendUrl) return { sent: false, failure: 'no gateway configured (AMANA_SMS_SEND_URL)' };
      const form = new URLSearchParams({ username: config.username ?? '', to, message: text });
      if (config.from) form.set('from', config.from);
      let res: Response;
      try {
        res = await fetch(config.sendUrl, {
          method: 'POST',
          headers: {
            accept: 'application/json',
            'content-type': 'application/x-www-form-urlencoded',
            apiKey: config.apiKey ?? '',
          },
          body: form,
          redirect: 'error',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        return { sent: false, failure: `the gateway could not be reached: ${(error as Error).message}` };
      }
      const raw = await res.text().catch(() => '');
      if (!res.ok)
        return { sent: false, failure: `the gateway answered ${res.status}: ${raw.slice(0, 200)}` };
      let recipient: { status?: unknown; statusCode?: unknown; messageId?: unknown } | undefined;
      try {
        recipient = JSON.parse(raw)?.SMSMessageData?.Recipients?.[0];
      } catch {
        return { sent: false, failure: `the gateway's answer is not JSON: ${raw.slice(0, 200)}` };
      }
      // 100 Processed, 101 Sent, 102 Queued: the gateway took it; any other code says why not.
      const code = Number(recipient?.statusCode);
      if (!recipient || ![100, 101, 102].includes(code))
        return {
          sent: false,
          failure: `the gateway refused it: ${String(recipient?.status ?? raw.slice(0, 200))}`,
        };
      return { sent: true, messageId: typeof recipient.messageId === 'string' ? recipient.messageId : null };
    },
  };
}
