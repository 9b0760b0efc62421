/**
 * Query keys of everything Seedance Kit keeps in the host's react-query cache. Use them to read, prefetch or
 * invalidate Seedance data from your own code, e.g. `queryClient.getQueryData(seedanceKeys.job(id))`.
 */
export const seedanceKeys = {
  /** The prefix of every Seedance key: `queryClient.invalidateQueries({ queryKey: seedanceKeys.all })`. */
  all: ['seedance'] as const,
  /** The prefix of every job: `queryClient.getQueriesData({ queryKey: seedanceKeys.jobs() })`. */
  jobs: () => ['seedance', 'job'] as const,
  /** One generation job, shared by every hook and component that watches it. */
  job: (jobId: string) => ['seedance', 'job', jobId] as const,
  /** The submit mutations: `useIsMutating({ mutationKey: seedanceKeys.submit() })` counts the submits under way. */
  submit: () => ['seedance', 'submit'] as const,
  /** The cancel mutations. */
  cancel: () => ['seedance', 'cancel'] as const,
  /** The pages of the user's history on the server (`GET /generations`), read by `useSeedanceHistory`. */
  history: () => ['seedance', 'history'] as const,
  /** The signer's policy from `GET /config`. */
  config: () => ['seedance', 'config'] as const,
};
