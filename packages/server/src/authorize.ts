/** Who is asking. `id` scopes jobs, idempotency keys and (later) quotas. */
export interface SeedanceUser {
  /** A stable id for the user: your session's user id, an API client id, a team id. */
  id: string;
}

/**
 * Decides who is asking. Return the user, or `null` to answer 401. Throw a `SeedanceError` with code `FORBIDDEN` to
 * refuse a known user. Required: there is no anonymous default.
 */
export type Authorize = (
  request: Request,
) => SeedanceUser | null | undefined | Promise<SeedanceUser | null | undefined>;

/**
 * An `authorize` that lets everyone in as one shared anonymous user. Only for demos and local development: anyone
 * who can reach the server can spend your credits. Spelled out on purpose so nobody gets it by accident.
 */
export function allowAnonymous(): Authorize {
  return () => ({ id: 'anonymous' });
}
