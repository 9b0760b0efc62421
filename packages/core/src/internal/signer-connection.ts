import type * as z from 'zod/mini';
import type * as protocol from '../protocol';
import type { SignerTransportOptions } from '../signer-transport';

/** The response schemas of the protocol that the transport checks answers against. */
export type ProtocolSchemas = Pick<
  typeof protocol,
  | 'deleteGenerationResponseSchema'
  | 'errorResponseSchema'
  | 'jobListResponseSchema'
  | 'jobResponseSchema'
  | 'signerConfigSchema'
  | 'uploadResponseSchema'
>;

/** Picks the schema an answer is checked against from the protocol's schemas. */
export type SchemaOf<Schema extends z.ZodMiniType> = (schemas: ProtocolSchemas) => Schema;

/** What `createSignerTransport` shares with its upload code. */
export interface SignerConnection {
  /** The transport's options, as given. */
  options: SignerTransportOptions;
  /** The signer's base URL, without a trailing slash. */
  baseUrl: string;
  /** The cookie policy of every call. */
  credentials: NonNullable<RequestInit['credentials']>;
  /** The caller's headers (resolved, checked for API keys) with `extra` on top and `accept: application/json`. */
  headers(extra?: ConstructorParameters<typeof Headers>[0]): Promise<Headers>;
  /** Sends a request and returns its checked answer; rejects with a `SeedanceError`. */
  call<Schema extends z.ZodMiniType>(
    path: string,
    schema: SchemaOf<Schema>,
    init: RequestInit & { signal?: AbortSignal | undefined },
  ): Promise<z.infer<Schema>>;
  /** Checks an answer received some other way (XHR): a protocol error body becomes its `SeedanceError`. */
  parseAnswer<Schema extends z.ZodMiniType>(
    schema: SchemaOf<Schema>,
    status: number,
    text: string,
    url: string,
  ): Promise<z.infer<Schema>>;
  /** The error for a request that never got an answer. */
  networkError(url: string, cause?: unknown): Error;
}
