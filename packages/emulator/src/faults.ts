import { CONTENT_REJECTION_PRESETS, type ContentRejectionPreset } from './moderation';

/** The routes of the emulated API, used to aim faults and to label recorded requests. */
export const EMULATOR_ROUTES = ['submit', 'status', 'result', 'sync', 'upload', 'cdn', 'generation'] as const;

/**
 * `submit`: `POST /v2/<model>`; `status`: `GET /v2/requests/:id/status`; `result`: `GET /v2/requests/:id` and
 * `GET /v1/requests/:id`; `sync`: `POST /v1/<model>`; `upload`: `POST /upload-asset`; `cdn`: `GET|HEAD /cdn/...`;
 * `generation`: `GET /inference-request/request-history/:id`, the read of a request of any age.
 */
export type EmulatorRoute = (typeof EMULATOR_ROUTES)[number];

/** The HTTP statuses a fault can answer with, each with the body Segmind (or its gateway) sends. */
export const EMULATOR_FAULT_STATUSES = [400, 401, 403, 404, 405, 406, 410, 422, 429, 500, 502, 504] as const;

/** One of {@link EMULATOR_FAULT_STATUSES}. */
export type EmulatorFaultStatus = (typeof EMULATOR_FAULT_STATUSES)[number];

/** The non-status fault types; the last three shape a submitted job and so apply to `submit` only. */
export const EMULATOR_FAULT_TYPES = [
  'hang',
  'reset',
  'malformed-json',
  'body',
  'missing-request-id',
  'fail-job',
  'content-rejected',
  'expire-job',
] as const;

/** What a fault does to the request it matches. */
export type EmulatorFaultKind =
  /**
   * Answer with this status instead: JSON `{"error": message}`; 502/504 and 405 as HTML pages (non-JSON, like a
   * gateway); 429 with `x-rate-limit-reset-at-utc`.
   */
  | { status: EmulatorFaultStatus; message?: string }
  /** Accept the request and never answer, until `stop()`. */
  | { type: 'hang' }
  /** Destroy the socket without answering. */
  | { type: 'reset' }
  /** Answer 200 with a truncated, invalid JSON body. */
  | { type: 'malformed-json' }
  /**
   * Answer `body` as JSON with `status` (default 200): a shape Segmind may send that no option produces, such as a
   * status value it has not documented or a COMPLETED result without a video URL.
   */
  | { type: 'body'; status?: number; body: unknown }
  /** Submit only: create (and bill) the job but answer 200 JSON without `request_id`, `status_url`, `response_url`. */
  | { type: 'missing-request-id' }
  /** Submit only: accept the job, which later ends FAILED with this message. */
  | { type: 'fail-job'; message?: string }
  /**
   * Submit only: accept the job, which later ends FAILED as content moderation refuses it: a real face in an input
   * image or video, or an output video or audio judged sensitive. The message carries an upstream request id.
   */
  | { type: 'content-rejected'; preset: ContentRejectionPreset }
  /** Submit only: accept the job; its record expires right after submit, so polling it gets 404. */
  | { type: 'expire-job' };

/** A fault to inject into the next matching requests. */
export interface EmulatorFault {
  /** The route it applies to; `'*'` matches every route (submit-only kinds still match `submit` only). */
  route: EmulatorRoute | '*';
  /** What it does. */
  kind: EmulatorFaultKind;
  /** How many matching requests it applies to; default 1. In `pending()` this is what is left. */
  times?: number;
}

/** The fault types that change how a submitted job behaves rather than replacing the response. */
const JOB_FAULT_TYPES: readonly string[] = ['missing-request-id', 'fail-job', 'content-rejected', 'expire-job'];

/**
 * Checks an untrusted value (a control API body, a JS caller without types) and returns a clean fault, or throws a
 * `TypeError` that says what was wrong.
 */
export function parseEmulatorFault(value: unknown): EmulatorFault {
  if (!isRecord(value))
    throw new TypeError('A fault must be a JSON object like {"route":"submit","kind":{"status":500}}');
  const { route, kind, times } = value;
  if (route !== '*' && !(EMULATOR_ROUTES as readonly unknown[]).includes(route)) {
    throw new TypeError(
      `fault.route must be "*" or one of ${EMULATOR_ROUTES.join(', ')}, got ${JSON.stringify(route)}`,
    );
  }
  if (times !== undefined && !(typeof times === 'number' && Number.isInteger(times) && times >= 1)) {
    throw new TypeError(`fault.times must be a positive integer, got ${JSON.stringify(times)}`);
  }
  const parsedKind = parseKind(kind);
  if ('type' in parsedKind && JOB_FAULT_TYPES.includes(parsedKind.type) && route !== 'submit' && route !== '*') {
    throw new TypeError(`fault.kind.type "${parsedKind.type}" applies to the submit route only, not "${route}"`);
  }
  return { route: route as EmulatorFault['route'], kind: parsedKind, times: times ?? 1 };
}

/** Pending faults, consumed in the order they were injected. */
export class FaultQueue {
  readonly #entries: { fault: EmulatorFault; remaining: number }[] = [];

  /** Validates and appends a fault; throws a `TypeError` for an invalid one. */
  add(fault: EmulatorFault): void {
    const parsed = parseEmulatorFault(fault);
    this.#entries.push({ fault: parsed, remaining: parsed.times ?? 1 });
  }

  /** Drops every pending fault. */
  clear(): void {
    this.#entries.length = 0;
  }

  /** Copies of the pending faults, `times` being what is left. */
  pending(): EmulatorFault[] {
    return this.#entries.map(({ fault, remaining }) => ({ ...fault, kind: { ...fault.kind }, times: remaining }));
  }

  /**
   * Takes one use of the first fault matching the route. `job` asks for the submit-only kinds, which act once a
   * valid job is created; `response` for the others, which act before anything else.
   */
  take(route: EmulatorRoute, phase: 'response' | 'job'): EmulatorFault | undefined {
    const index = this.#entries.findIndex(({ fault }) => {
      if (fault.route !== '*' && fault.route !== route) return false;
      const isJobFault = 'type' in fault.kind && JOB_FAULT_TYPES.includes(fault.kind.type);
      return phase === 'job' ? isJobFault && route === 'submit' : !isJobFault;
    });
    const entry = this.#entries[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.#entries.splice(index, 1);
    return { ...entry.fault, kind: { ...entry.fault.kind } };
  }
}

function parseKind(kind: unknown): EmulatorFaultKind {
  if (!isRecord(kind)) {
    throw new TypeError('fault.kind must be an object: {"status":<code>,"message"?:...} or {"type":<fault type>}');
  }
  const message = kind.message;
  if (message !== undefined && typeof message !== 'string') {
    throw new TypeError(`fault.kind.message must be a string, got ${JSON.stringify(message)}`);
  }
  if ('status' in kind && kind.type === undefined) {
    if (!(EMULATOR_FAULT_STATUSES as readonly unknown[]).includes(kind.status)) {
      throw new TypeError(
        `fault.kind.status must be one of ${EMULATOR_FAULT_STATUSES.join(', ')}, got ${JSON.stringify(kind.status)}`,
      );
    }
    const status = kind.status as EmulatorFaultStatus;
    return message === undefined ? { status } : { status, message };
  }
  const type = kind.type;
  if (!(EMULATOR_FAULT_TYPES as readonly unknown[]).includes(type)) {
    throw new TypeError(
      `fault.kind needs a "status" or a "type" of ${EMULATOR_FAULT_TYPES.join(', ')}, got ${JSON.stringify(type)}`,
    );
  }
  if (type === 'fail-job') return message === undefined ? { type } : { type, message };
  if (type === 'body') {
    const { status } = kind;
    if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)) {
      throw new TypeError(
        `fault.kind.status of a "body" fault must be a whole number from 200 to 599, got ${JSON.stringify(status)}`,
      );
    }
    if (kind.body === undefined) throw new TypeError('fault.kind.body is required: the JSON value to answer');
    return status === undefined ? { type, body: kind.body } : { type, status: status as number, body: kind.body };
  }
  if (type === 'content-rejected') {
    if (!(CONTENT_REJECTION_PRESETS as readonly unknown[]).includes(kind.preset)) {
      throw new TypeError(
        `fault.kind.preset must be one of ${CONTENT_REJECTION_PRESETS.join(', ')}, got ${JSON.stringify(kind.preset)}`,
      );
    }
    return { type, preset: kind.preset as ContentRejectionPreset };
  }
  return {
    type: type as Exclude<
      EmulatorFaultKind,
      { status: EmulatorFaultStatus } | { type: 'fail-job' | 'content-rejected' | 'body' }
    >['type'],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
