import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedHook {
  /** The path and query called. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A real HTTP server standing in for a subscriber's webhook endpoint; answers `status()` to each call. */
export async function webhookReceiver(status: () => number = () => 200) {
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body, at: Date.now() });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/amana`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server (the smtp-server package) that keeps every message it accepts. */
export async function smtpReceiver() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c) => {
        raw += c;
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The text of a received message, its quoted-printable soft breaks and escapes undone. */
export function mailText(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The set-password link an invitation or reset e-mail carries: the page and the secret after the '#'. */
export function passwordLinkIn(raw: string): { url: string; secret: string } | undefined {
  const url = /https?:\/\/\S+\/set-password#[A-Za-z0-9_-]+/.exec(mailText(raw))?.[0];
  return url ? { url, secret: url.slice(url.indexOf('#') + 1) } : undefined;
}

export interface ReceivedSms {
  headers: http.IncomingHttpHeaders;
  form: Record<string, string>;
}

/**
 * A real HTTP server standing in for Africa's Talking's send API: keeps every form posted to it and answers as the
 * gateway does, one recipient per message (statusCode 101 "Success"), or the status `refuse()` gives.
 */
export async function smsGatewayReceiver(refuse: () => number | null = () => null) {
  const received: ReceivedSms[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      received.push({ headers: req.headers, form });
      const status = refuse();
      if (status) return res.writeHead(status).end('gateway down');
      n += 1;
      res.writeHead(201, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          SMSMessageData: {
            Message: 'Sent to 1/1 Total Cost: CDF 50.0000',
            Recipients: [
              {
                statusCode: 101,
                number: form.to,
                status: 'Success',
                cost: 'CDF 50.0000',
                messageId: `ATXid_${n}`,
              },
            ],
          },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/version1/messaging`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
