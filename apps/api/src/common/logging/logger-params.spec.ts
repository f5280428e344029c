import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { REDACTED_PATHS, requestIdFor } from './logger-params';

function fakeExchange(headers: Record<string, string>) {
  const sent: Record<string, string> = {};
  const req = { headers } as unknown as IncomingMessage;
  const res = {
    setHeader: (name: string, value: string) => (sent[name] = value),
  } as unknown as ServerResponse;
  return { req, res, sent };
}

describe('log redaction', () => {
  it('never writes an Authorization header, a cookie or a password field', () => {
    const lines: string[] = [];
    const logger = pino(
      { redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
      { write: (l: string) => lines.push(l) },
    );
    logger.info(
      { req: { headers: { authorization: 'Bearer eyJhbGci.secret', cookie: 'sid=secret' } } },
      'request',
    );
    logger.warn({ body: { username: 'admin', password: 'secret-pw' }, password: 'secret-pw' }, 'body');
    const output = lines.join('');
    expect(output).not.toContain('secret');
    expect(output).toContain('[redacted]');
    expect(output).toContain('admin');
  });
});

describe('requestIdFor', () => {
  it("keeps the caller's x-request-id and echoes it in the response", () => {
    const { req, res, sent } = fakeExchange({ 'x-request-id': 'gateway-42.a:b' });
    expect(requestIdFor(req, res)).toBe('gateway-42.a:b');
    expect(sent['x-request-id']).toBe('gateway-42.a:b');
  });

  it('replaces a missing, too long or odd-looking id with a fresh uuid', () => {
    const cases: Record<string, string>[] = [
      {},
      { 'x-request-id': 'x'.repeat(200) },
      { 'x-request-id': 'a b\n{"level":60}' },
    ];
    for (const headers of cases) {
      const { req, res, sent } = fakeExchange(headers);
      const id = requestIdFor(req, res);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(sent['x-request-id']).toBe(id);
    }
  });
});
