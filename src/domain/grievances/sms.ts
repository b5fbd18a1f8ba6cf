/** The SMS channels a grievance can arrive by: Africa's Talking's inbound callback, and a generic JSON one. */
export const SMS_CHANNELS = ['africastalking', 'json'] as const;
export type SmsChannel = (typeof SMS_CHANNELS)[number];

/** The longest message a gateway hands over: ten concatenated SMS parts of 160 characters. */
export const SMS_MAX_CHARS = 1600;
/** The longest answer an officer sends: three SMS parts, so it reaches a basic phone in one piece. */
export const SMS_REPLY_MAX_CHARS = 459;

/**
 * A phone number as the thread knows it: digits with a leading "+" when the gateway gave one, without the spaces,
 * dots, dashes and brackets people and gateways put in it; null when it is no phone number (3 to 15 digits, E.164).
 */
export function normalisePhone(raw: string): string | null {
  const trimmed = raw.trim();
  const plus = trimmed.startsWith('+');
  const digits = trimmed.replace(/[\s().-]/g, '').replace(/^\+/, '');
  if (!/^\d{3,15}$/.test(digits)) return null;
  return `${plus ? '+' : ''}${digits}`;
}

/**
 * When the gateway says the message was received: an ISO-8601 instant, or Africa's Talking's "YYYY-MM-DD HH:MM:SS"
 * (UTC); null when absent or unreadable (the recorded time stands alone then).
 */
export function gatewayTime(raw: string | undefined): Date | null {
  if (!raw?.trim()) return null;
  const text = raw.trim();
  const plain = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(text);
  const at = new Date(plain ? `${plain[1]}T${plain[2]}${plain[3] ?? ''}Z` : text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * The first answer to a new SMS grievance: its case code, in French and Swahili, in one SMS part (160 characters),
 * so that the reporter can quote it on any later message or call.
 */
export function firstReplyText(caseCode: string): string {
  return `Amana: plainte recue, dossier ${caseCode}. Malalamiko yamepokelewa, kesi ${caseCode}. Repondez ici / Jibu hapa.`;
}
