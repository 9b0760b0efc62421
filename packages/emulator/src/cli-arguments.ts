import { parseArgs } from 'node:util';
import type { SegmindEmulatorOptions } from './emulator';

/** What the command line asked for: run with options, print help, or stop with an error (exit code 2). */
export type CliCommand =
  | { kind: 'run'; options: SegmindEmulatorOptions; quiet: boolean }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/** The port the CLI listens on when `--port` is not given. */
export const DEFAULT_CLI_PORT = 4010;

/** The usage text `--help` prints. */
export const CLI_USAGE = `Usage: seedance-emulator [options]

A local emulator of Segmind's seedance-2.0-fast API (v2 async, v1 sync, upload-asset, CDN) with fault injection.

Options:
  --port <n>                   port to listen on (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --host <host>                interface to listen on (default 127.0.0.1)
  --api-key <key>              accept only this x-api-key (default: any non-empty key)
  --queued-ms <n>              time a job stays QUEUED (default 2000)
  --processing-ms <n>          time a job then stays PROCESSING (default 6000)
  --response-ms <n>            extra delay before every answer (default 0)
  --expiry-ms <n>              time a request record lives after submit (default 3600000)
  --credits <usd>              starting balance in USD (default 1000)
  --rate-limit-per-minute <n>  submits allowed per key per minute (default unlimited)
  --rate-limit-counts-polls    status, result and generation reads count toward that limit too
  --spend-limit <usd>          team spend limit: 406 once completed jobs would cost more
  --validation <mode>          segmind (default: enums at submit, the rest as FAILED jobs) or strict
  --enum-rejection-status <n>  400 (default) or 406 for a value outside a fixed set
  --request-id-format <form>   uuid (default) or hex32
  --output-format <form>       url (default) or json-string
  --max-seed <n>               largest seed accepted (default 2147483647)
  --failed-status-code <n>     422 (default) or 200: the HTTP status a FAILED job is served with
  --no-recovery                the request-history read (a request of any age) finds no job
  --public-url <origin>        origin written into answered URLs, e.g. http://emulator:4010 in Docker
  --quiet                      do not log one line per request
  --help                       show this help

Control API (no key needed): POST/DELETE /__emulator/faults, GET /__emulator/requests,
POST /__emulator/requests/:id/expire, POST /__emulator/reset. See the package README.`;

/** Parses the CLI's arguments (without `node` and the script path). Never throws and never exits. */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        'queued-ms': { type: 'string' },
        'processing-ms': { type: 'string' },
        'response-ms': { type: 'string' },
        'expiry-ms': { type: 'string' },
        credits: { type: 'string' },
        'rate-limit-per-minute': { type: 'string' },
        'rate-limit-counts-polls': { type: 'boolean' },
        'spend-limit': { type: 'string' },
        validation: { type: 'string' },
        'enum-rejection-status': { type: 'string' },
        'request-id-format': { type: 'string' },
        'output-format': { type: 'string' },
        'max-seed': { type: 'string' },
        'failed-status-code': { type: 'string' },
        'no-recovery': { type: 'boolean' },
        'public-url': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: `${(error as Error).message}. Run seedance-emulator --help to see the options.` };
  }
  if (values.help) return { kind: 'help' };

  try {
    const port = readInteger(values, 'port', 0, 65_535) ?? DEFAULT_CLI_PORT;
    const host = readText(values, 'host');
    const apiKey = readText(values, 'api-key');
    const queuedMs = readInteger(values, 'queued-ms', 0);
    const processingMs = readInteger(values, 'processing-ms', 0);
    const responseMs = readInteger(values, 'response-ms', 0);
    const expiryMs = readInteger(values, 'expiry-ms', 0);
    const credits = readNumber(values, 'credits');
    const rateLimitPerMinute = readInteger(values, 'rate-limit-per-minute', 1);
    const spendLimit = readNumber(values, 'spend-limit');
    const maxSeed = readInteger(values, 'max-seed', 0);
    const validation = readChoice(values, 'validation', ['segmind', 'strict'] as const);
    const enumRejection = readChoice(values, 'enum-rejection-status', ['400', '406'] as const);
    const enumRejectionStatus = enumRejection === undefined ? undefined : (Number(enumRejection) as 400 | 406);
    const requestIdFormat = readChoice(values, 'request-id-format', ['uuid', 'hex32'] as const);
    const outputFormat = readChoice(values, 'output-format', ['url', 'json-string'] as const);
    const rateLimitCountsPolls = values['rate-limit-counts-polls'] === true ? true : undefined;
    const failedStatus = readChoice(values, 'failed-status-code', ['422', '200'] as const);
    const failedStatusCode = failedStatus === undefined ? undefined : (Number(failedStatus) as 422 | 200);
    const recovery = values['no-recovery'] === true ? false : undefined;
    const publicUrl = readText(values, 'public-url');
    if (publicUrl !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(publicUrl)) {
      throw new Error(`--public-url must be an http(s) origin like http://emulator:4010, got "${publicUrl}".`);
    }
    const options: SegmindEmulatorOptions = {
      port,
      latency: withoutUndefined({ queuedMs, processingMs, responseMs }),
      ...withoutUndefined({
        host,
        apiKey,
        expiryMs,
        credits,
        rateLimitPerMinute,
        rateLimitCountsPolls,
        spendLimit,
        validation,
        enumRejectionStatus,
        requestIdFormat,
        outputFormat,
        maxSeed,
        failedStatusCode,
        recovery,
        publicUrl,
      }),
    };
    return { kind: 'run', options, quiet: values.quiet === true };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}

function readText(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`--${name} needs a non-empty value.`);
  return value;
}

function readChoice<Choice extends string>(
  values: Record<string, string | boolean | undefined>,
  name: string,
  choices: readonly Choice[],
): Choice | undefined {
  const text = readText(values, name);
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw new Error(
      `--${name} must be one of ${choices.join(', ')}, got "${text}". For example: --${name} ${choices[0]}`,
    );
  }
  return text as Choice;
}

function readInteger(
  values: Record<string, string | boolean | undefined>,
  name: string,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const text = readText(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < minimum || value > maximum) {
    throw new Error(
      `--${name} must be a whole number from ${minimum} to ${maximum}, got "${text}". For example: --${name} ${Math.max(minimum, name === 'port' ? DEFAULT_CLI_PORT : 1000)}`,
    );
  }
  return value;
}

function readNumber(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const text = readText(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(value)) {
    throw new Error(`--${name} must be a number >= 0, got "${text}". For example: --${name} 25`);
  }
  return value;
}

function withoutUndefined<Value extends Record<string, unknown>>(object: Value): Partial<Value> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<Value>;
}
