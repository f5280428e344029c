// The SDK's Rust core gzip-compresses every request by default (Temporal Server accepts it). grpc-js inflates
// each message through a fresh zlib *stream* on the thread pool, which for the small messages of a worker
// cost about a third of this server's CPU (1.3 ms per workflow measured). One synchronous gunzip of a few
// hundred bytes takes microseconds, so we replace that one method on grpc-js' server call. Same results,
// same limits (max receive size → RESOURCE_EXHAUSTED, corrupt data → INTERNAL); if a grpc-js upgrade
// renames the method, we leave grpc-js alone and its own (slower) path keeps working.
import * as zlib from 'node:zlib';
import { status } from '@grpc/grpc-js';

interface CallWithLimits {
  maxReceiveMessageSize: number;
}
type Decompress = (this: CallWithLimits, message: Buffer, encoding: string) => Buffer | Promise<Buffer>;

let installed = false;

export function installSynchronousDecompression(): boolean {
  if (installed) return true;
  let proto: { decompressMessage?: Decompress } | undefined;
  try {
    // Not a public entry point of grpc-js, hence the guard around everything here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    proto = require('@grpc/grpc-js/build/src/server-interceptors').BaseServerInterceptingCall?.prototype;
  } catch {
    return false;
  }
  const original = proto?.decompressMessage;
  if (!proto || typeof original !== 'function' || original.length !== 2) return false;
  proto.decompressMessage = function (this: CallWithLimits, message: Buffer, encoding: string) {
    if (encoding !== 'gzip' && encoding !== 'deflate') return original.call(this, message, encoding);
    const limit = this.maxReceiveMessageSize;
    const options: zlib.ZlibOptions = limit > 0 ? { maxOutputLength: limit } : {};
    try {
      const body = message.subarray(5);
      return encoding === 'gzip' ? zlib.gunzipSync(body, options) : zlib.inflateSync(body, options);
    } catch (err) {
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return Promise.reject(
        tooLarge
          ? {
              code: status.RESOURCE_EXHAUSTED,
              details: `Received message that decompresses to a size larger than ${limit}`,
            }
          : { code: status.INTERNAL, details: 'Failed to decompress message' },
      );
    }
  };
  installed = true;
  return true;
}
