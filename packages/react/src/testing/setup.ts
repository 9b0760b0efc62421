import '@testing-library/jest-dom/vitest';
import { notifyManager } from '@tanstack/react-query';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// react-query batches its notifications on a zero-delay timer; under fake timers, one fired at the very end of an
// advance would only render on the next one. Microtasks flush inside the same `act`, so each step shows at once.
notifyManager.setScheduler(queueMicrotask);

// Without vitest globals, Testing Library can neither mark the environment as an act environment nor register its
// own cleanup, so both are done here.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => {
  cleanup();
});
