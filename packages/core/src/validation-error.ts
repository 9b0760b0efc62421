import type * as z from 'zod/mini';
import { SeedanceError, type SeedanceFieldIssue } from './errors';

// Apart from the error class so that a browser bundle carries these only with the schemas that produce zod errors.

/** Turns zod issues into field issues a person can act on. */
export function toFieldIssues(error: z.core.$ZodError): SeedanceFieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol'),
    message: issue.message,
  }));
}

/** A `VALIDATION_FAILED` error carrying the field issues of a failed zod parse. */
export function validationError(error: z.core.$ZodError, message = 'The request is not valid.'): SeedanceError {
  const issues = toFieldIssues(error);
  const detail = issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ` : '') + issue.message);
  return new SeedanceError('VALIDATION_FAILED', `${message} ${detail.join('; ')}`.trim(), { issues, cause: error });
}
