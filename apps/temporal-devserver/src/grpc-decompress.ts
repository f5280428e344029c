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
      if (encoding === 'deflate') return zlib.inflateSync(body, options);
      // zlib hands back a slice of a 16 KiB output chunk, and request payloads kept in histories are slices
      // of it: 16 KiB pinned per kept payload. gzip's trailer gives the inflated size (ISIZE), so the output
      // chunk is that size (a hint only: a wrong one just means more chunks).
      const size = body.length >= 18 ? body.readUInt32LE(body.length - 4) : 0;
      const chunkSize = Math.max(64, Math.min(size + 1, limit > 0 ? limit + 1 : 1 << 24, 1 << 24));
      return zlib.gunzipSync(body, { ...options, chunkSize });
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
