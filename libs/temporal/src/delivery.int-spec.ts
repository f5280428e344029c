import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig } from '@caseflow/config';
import { TemporalOutcomeUnknownError, TemporalUnreachableError } from './delivery';
import { TemporalService } from './temporal.module';

type Behaviour = 'drop' | 'not-found';

/**
 * A stand-in for Temporal's frontend speaking just enough gRPC over HTTP/2: GetSystemInfo succeeds (so
 * the SDK connects), and an update either reaches it and loses its connection ('drop': the request was
 * on the wire, its outcome unknown) or is answered NOT_FOUND (an answer, not an outage).
 */
async function fakeFrontend(behaviour: Behaviour) {
  const seen: string[] = [];
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path']);
    seen.push(path.split('/').pop() ?? path);
    stream.on('data', () => undefined);
    const answer = (status: number, message = '') => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () =>
        stream.sendTrailers({ 'grpc-status': String(status), 'grpc-message': message }),
      );
      stream.end(status === 0 ? Buffer.from([0, 0, 0, 0, 0]) : undefined);
    };
    if (path.endsWith('/GetSystemInfo')) return answer(0);
    if (behaviour === 'not-found') return answer(5, 'workflow execution not found');
    // The request arrived; the process "dies" before answering.
    stream.on('end', () => stream.session?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    seen,
    /** Stops listening and cuts every open connection, like a kill -9. */
    kill: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

function temporalAt(address: string): TemporalService {
  return new TemporalService(
    loadConfig({ NODE_ENV: 'test', TEMPORAL_ADDRESS: address, CASE_ACTION_TIMEOUT_MS: '3000' }),
  );
}

const addNote = (temporal: TemporalService) =>
  temporal.deliver((client) =>
    temporal.withinActionTimeout(client, () =>
      client.workflow.getHandle('case-20261206-01-0001').executeUpdate('caseAction', {
        args: [{ action: 'add-note' }],
        updateId: 'idempotency:u1:k1',
      }),
    ),
  );

describe('deliver: an outage says whether the action may have applied', () => {
  const services: TemporalService[] = [];
  afterAll(async () => {
    for (const s of services) await s.onApplicationShutdown();
  });

  it('says "not applied" when nothing listens where Temporal should be', async () => {
    const gone = await fakeFrontend('drop');
    await gone.kill();
    const temporal = temporalAt(gone.address);
    services.push(temporal);
    await expect(addNote(temporal)).rejects.toBeInstanceOf(TemporalUnreachableError);
  });

  it('says "not applied" when Temporal went away before the action was sent, though it was connected before', async () => {
    const frontend = await fakeFrontend('drop');
    const temporal = temporalAt(frontend.address);
    services.push(temporal);
    await temporal.ping();
    await frontend.kill();
    await expect(addNote(temporal)).rejects.toBeInstanceOf(TemporalUnreachableError);
    expect(frontend.seen).not.toContain('UpdateWorkflowExecution');
  });

  it('says "outcome unknown" when the update reached Temporal and the connection died before the answer', async () => {
    const frontend = await fakeFrontend('drop');
    const temporal = temporalAt(frontend.address);
    services.push(temporal);
    const error: unknown = await addNote(temporal).catch((e: unknown) => e);
    expect(frontend.seen).toContain('UpdateWorkflowExecution');
    expect(error).toBeInstanceOf(TemporalOutcomeUnknownError);
    await frontend.kill();
  });

  it('passes an answer from Temporal (not found) straight on: that is no outage', async () => {
    const frontend = await fakeFrontend('not-found');
    const temporal = temporalAt(frontend.address);
    services.push(temporal);
    await expect(addNote(temporal)).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await frontend.kill();
  });
});
