/**
 * How an adapter reaches the handler's `onError`: the handler carries its reporter under a registered symbol, so an
 * adapter given the bare `(request) => Promise<Response>` can still report what failed after the handler answered
 * (a stream that broke mid-body, a socket error). A handler the host wrapped in its own function loses the symbol;
 * then the adapter falls back to `console.error`, which is never silent.
 */
const REPORTER = Symbol.for('seedance-kit.server.error-reporter');

type Reporter = (error: unknown, request: Request) => void;

/** Gives `handler` the reporter adapters use. Returns the same function. */
export function attachErrorReporter<T extends object>(handler: T, onError: Reporter): T {
  Object.defineProperty(handler, REPORTER, { value: onError });
  return handler;
}

/** Reports an error through the handler's `onError`, never throwing (a reporter that throws is itself logged). */
export function reportError(handler: object, error: unknown, request: Request | undefined): void {
  const reporter = (handler as { [REPORTER]?: Reporter })[REPORTER];
  try {
    if (reporter && request) reporter(error, request);
    else console.error('[seedance] an adapter caught:', error);
  } catch (reporterError) {
    console.error('[seedance] onError threw while reporting', error, reporterError);
  }
}
