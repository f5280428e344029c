// Loads Temporal's .proto sources once: gRPC service definitions for grpc-js, plus a protobufjs Root for the
// few messages we must encode ourselves (google.protobuf.Any bodies, google.rpc.Status error details).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';

const baseDir = path.resolve(
  path.dirname(
    require.resolve('@temporalio/core-bridge/sdk-core/crates/protos/protos/google/rpc/status.proto'),
  ),
  '..',
  '..',
);
export const API_DIR = path.join(baseDir, 'api_upstream');
export const TESTSRV_DIR = path.join(baseDir, 'testsrv_upstream');

const WORKFLOW_SERVICE_FILE = 'temporal/api/workflowservice/v1/service.proto';
const TEST_SERVICE_FILE = 'temporal/api/testservice/v1/service.proto';
const OPERATOR_SERVICE_FILE = 'temporal/api/operatorservice/v1/service.proto';

/** The object shape proto-loader gives us; also what we hand back. */
export const LOADER_OPTIONS: protoLoader.Options = {
  longs: String,
  enums: String,
  oneofs: true,
  bytes: Buffer,
  defaults: true,
  includeDirs: [API_DIR, TESTSRV_DIR, baseDir],
};

let cachedDefinition: protoLoader.PackageDefinition | undefined;

export function packageDefinition(): protoLoader.PackageDefinition {
  cachedDefinition ??= protoLoader.loadSync(
    [WORKFLOW_SERVICE_FILE, TEST_SERVICE_FILE, OPERATOR_SERVICE_FILE, 'google/rpc/status.proto'],
    LOADER_OPTIONS,
  );
  return cachedDefinition;
}

let cachedRoot: protobuf.Root | undefined;

function root(): protobuf.Root {
  if (!cachedRoot) {
    const r = new protobuf.Root();
    r.resolvePath = (_origin, target) => {
      for (const dir of [API_DIR, TESTSRV_DIR, baseDir]) {
        const candidate = path.join(dir, target);
        try {
          fs.accessSync(candidate);
          return candidate;
        } catch {
          // try the next include dir
        }
      }
      return target;
    };
    r.loadSync(
      [
        'google/rpc/status.proto',
        'temporal/api/errordetails/v1/message.proto',
        'temporal/api/update/v1/message.proto',
        'temporal/api/protocol/v1/message.proto',
        'temporal/api/history/v1/message.proto',
        'temporal/api/workflowservice/v1/request_response.proto',
      ],
      { keepCase: false },
    );
    cachedRoot = r;
  }
  return cachedRoot;
}

const CONVERSION: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
};

export function lookupType(typeName: string): protobuf.Type {
  return root().lookupType(typeName);
}

export function encodeMessage(typeName: string, value: object): Buffer {
  const type = root().lookupType(typeName);
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

export function decodeMessage<T>(typeName: string, bytes: Uint8Array): T {
  const type = root().lookupType(typeName);
  return type.toObject(type.decode(bytes), CONVERSION) as T;
}

/** google.protobuf.Any as the wire wants it: `type_url`, not camelCase. */
export interface AnyMessage {
  type_url: string;
  value: Buffer;
}

export function packAny(typeName: string, value: object): AnyMessage {
  return { type_url: `type.googleapis.com/${typeName}`, value: encodeMessage(typeName, value) };
}

export function unpackAny<T>(
  any: { type_url?: string; typeUrl?: string; value?: Buffer } | null | undefined,
): {
  typeName: string;
  value: T;
} | null {
  if (!any) return null;
  const url = any.type_url ?? any.typeUrl ?? '';
  const typeName = url.slice(url.lastIndexOf('/') + 1);
  if (!typeName || !any.value) return null;
  return { typeName, value: decodeMessage<T>(typeName, any.value) };
}
