// Real local peers for the channels' tests: an SMTP server (smtp-server, in-process) that keeps what
// arrived, and HTTP servers standing in for the SMS gateway and a webhook receiver.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyWebhookSignature } from '@caseflow/persistence/outbox';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export async function startSmtpPeer(): Promise<{
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SmsRequest {
  authorization?: string;
  body: { to: string; text: string; reference: string };
}

/**
 * An SMS gateway that keeps the documented contract: bearer token, 2xx with {id}, and a repeated
 * `reference` is the same message (answered with the first id, not sent again). `respond` overrides
 * the answer per request (a failure, or accepting and then dropping the connection).
 */
export async function startSmsPeer(token: string) {
  const requests: SmsRequest[] = [];
  const delivered = new Map<string, SmsRequest['body'] & { id: string; at: number }>();
  let respond: ((req: SmsRequest, res: http.ServerResponse) => boolean) | undefined;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const request: SmsRequest = { authorization: req.headers.authorization, body: JSON.parse(raw) };
      requests.push(request);
      if (request.authorization !== `Bearer ${token}`) {
        res.writeHead(401).end('bad token');
        return;
      }
      if (respond?.(request, res)) return;
      accept(request, res);
    });
  });
  function accept(request: SmsRequest, res?: http.ServerResponse): string {
    let sms = delivered.get(request.body.reference);
    if (!sms) {
      sms = { ...request.body, id: `sms-${delivered.size + 1}`, at: Date.now() };
      delivered.set(request.body.reference, sms);
    }
    res?.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: sms.id }));
    return sms.id;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    requests,
    delivered,
    accept,
    set respond(fn: typeof respond) {
      respond = fn;
    },
    close: () => closeServer(server),
  };
}

/** A webhook receiver that checks the signature with the subscription's secret before it accepts. */
export async function startWebhookPeer() {
  const received: { event: Record<string, unknown>; headers: http.IncomingHttpHeaders; verified: boolean }[] =
    [];
  let secret = '';
  let status = 204;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const verified = verifyWebhookSignature(req.headers['x-caseflow-signature'] as string, raw, secret);
      received.push({ event: JSON.parse(raw), headers: req.headers, verified });
      res.writeHead(verified ? status : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    set secret(value: string) {
      secret = value;
    },
    set status(value: number) {
      status = value;
    },
    close: () => closeServer(server),
  };
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
