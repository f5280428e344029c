import { loadConfig } from '@caseflow/config';
import { temporalConnectionOptions } from './connection-options';

describe('temporalConnectionOptions (the API’s Connection and the worker’s NativeConnection)', () => {
  const files: Record<string, Buffer> = {
    '/tls/client.pem': Buffer.from('CERT'),
    '/tls/client.key': Buffer.from('KEY'),
  };
  const read = (path: string) => {
    const file = files[path];
    if (!file) throw new Error(`unexpected read of ${path}`);
    return file;
  };
  const temporal = (env: Record<string, string>) =>
    loadConfig({
      TEMPORAL_ADDRESS: 'caseflow.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'caseflow.a1b2c',
      ...env,
    }).temporal;

  it('is plain gRPC to the embedded dev server’s address when nothing is configured', () => {
    expect(temporalConnectionOptions(loadConfig({}).temporal, read)).toEqual({ address: '127.0.0.1:7233' });
  });

  it('is TLS with the system’s roots for TEMPORAL_TLS=true', () => {
    expect(temporalConnectionOptions(temporal({ TEMPORAL_TLS: 'true' }), read)).toEqual({
      address: 'caseflow.a1b2c.tmprl.cloud:7233',
      tls: true,
    });
  });

  it('presents the client certificate and key, read from their files, for mTLS', () => {
    const options = temporalConnectionOptions(
      { ...temporal({}), tls: { clientCertPath: '/tls/client.pem', clientKeyPath: '/tls/client.key' } },
      read,
    );
    expect(options).toEqual({
      address: 'caseflow.a1b2c.tmprl.cloud:7233',
      tls: { clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') } },
    });
  });

  it('sends the API key over TLS, with the namespace Temporal Cloud routes it by', () => {
    expect(temporalConnectionOptions(temporal({ TEMPORAL_API_KEY: 'secret-key' }), read)).toEqual({
      address: 'caseflow.a1b2c.tmprl.cloud:7233',
      tls: true,
      apiKey: 'secret-key',
      metadata: { 'temporal-namespace': 'caseflow.a1b2c' },
    });
  });
});
