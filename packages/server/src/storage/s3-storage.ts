import { Readable, Transform } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type ByteRange, checkStorageKey, type ResultStorage } from './result-storage';

/** Options of {@link createS3Storage}. */
export interface S3StorageOptions {
  /** The bucket (it must exist). */
  bucket: string;
  /** A configured `S3Client` from `@aws-sdk/client-s3`: AWS S3, Cloudflare R2, MinIO, anything S3-compatible. */
  client: S3Client;
  /** Prefix of every object key, e.g. `seedance/`. Default none. */
  prefix?: string;
}

/**
 * Keeps results in an S3-compatible bucket. Uploads stream with a known length (one PUT, nothing buffered); reads
 * pass `Range` through, so seeking a stored video fetches only what is played.
 *
 * @example
 * createS3Storage({ bucket: 'videos', client: new S3Client({ region: 'auto', endpoint: process.env.R2_URL }) });
 */
export function createS3Storage(options: S3StorageOptions): ResultStorage {
  const { bucket, client } = options;
  const prefix = options.prefix ?? '';
  const keyOf = (key: string) => `${prefix}${checkStorageKey(key)}`;

  return {
    async put(key, body, meta) {
      // Uploaded under a temporary key, checked, then copied into place: the final key never holds a partial or
      // over-long file, even when a request cut short still left bytes on the server.
      const temporary = `${keyOf(key)}.${crypto.randomUUID()}.partial`;
      const abort = new AbortController();
      let failure: Error | undefined;
      let received = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          received += chunk.length;
          if (received > meta.bytes) callback(new Error(`more than the announced ${meta.bytes} bytes arrived`));
          else callback(null, chunk);
        },
        flush(callback) {
          if (received !== meta.bytes) callback(new Error(`${received} bytes arrived, ${meta.bytes} were announced`));
          else callback();
        },
      });
      const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream);
      // The SDK pipes the body into its request without watching the body's errors: abort the request instead.
      for (const stream of [source, counter]) {
        stream.on('error', (error: Error) => {
          failure ??= error;
          abort.abort(error);
        });
      }
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: temporary,
            Body: source.pipe(counter),
            ContentLength: meta.bytes,
            ContentType: meta.contentType,
          }),
          { abortSignal: abort.signal },
        );
        if (failure || received !== meta.bytes || !source.readableEnded) {
          throw failure ?? new Error(`the file was longer than the announced ${meta.bytes} bytes`);
        }
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: temporary }));
        if (Number(head.ContentLength) !== meta.bytes) {
          throw new Error(`the bucket holds ${head.ContentLength} bytes, ${meta.bytes} were sent`);
        }
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: keyOf(key),
            CopySource: `${bucket}/${encodeURI(temporary)}`,
            ContentType: meta.contentType,
            MetadataDirective: 'REPLACE',
          }),
        );
      } catch (error) {
        source.destroy();
        throw failure ?? error;
      } finally {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: temporary })).catch(() => undefined);
      }
    },
    async get(key, range?: ByteRange) {
      try {
        const answer = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: keyOf(key),
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        );
        const total = /\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1];
        const size = total === undefined ? Number(answer.ContentLength ?? 0) : Number(total);
        if (!answer.Body) return undefined;
        return { body: answer.Body.transformToWebStream() as ReadableStream<Uint8Array>, size };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async size(key) {
      try {
        const answer = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
        return Number(answer.ContentLength ?? 0);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
    },
  };
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}
