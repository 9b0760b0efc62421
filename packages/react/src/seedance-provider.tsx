'use client';

import type { SeedanceTransport } from '@seedance-kit/core';
import { QueryClientContext } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo } from 'react';

/** Props of {@link SeedanceProvider}. */
export interface SeedanceProviderProps {
  /**
   * How the hooks reach your backend signer. Usually `createSignerTransport({ baseUrl: '/api/seedance' })` from
   * `@seedance-kit/core`; in tests and stories, `createMockTransport()` from `@seedance-kit/core/testing`.
   */
  transport: SeedanceTransport;
  /** The part of the app that generates videos. */
  children?: ReactNode;
}

interface SeedanceContextValue {
  transport: SeedanceTransport;
}

const SeedanceContext = /*#__PURE__*/ createContext<SeedanceContextValue | null>(null);

/**
 * Gives the Seedance hooks and components their transport. It keeps its data in your app's react-query cache, so
 * it must sit inside your `QueryClientProvider`.
 *
 * @example
 * <QueryClientProvider client={queryClient}>
 *   <SeedanceProvider transport={createSignerTransport()}>
 *     <App />
 *   </SeedanceProvider>
 * </QueryClientProvider>
 */
export function SeedanceProvider({ transport, children }: SeedanceProviderProps): ReactNode {
  if (!transport) {
    throw new Error(
      'SeedanceProvider needs a transport: pass transport={createSignerTransport()} from @seedance-kit/core (createMockTransport() from @seedance-kit/core/testing in tests).',
    );
  }
  // Checked here rather than left to useQueryClient so the message names both providers and their order.
  if (!useContext(QueryClientContext)) {
    throw new Error(
      'SeedanceProvider must be inside a QueryClientProvider from @tanstack/react-query: wrap it in <QueryClientProvider client={queryClient}>, with one `new QueryClient()` for the app.',
    );
  }
  const value = useMemo(() => ({ transport }), [transport]);
  return <SeedanceContext.Provider value={value}>{children}</SeedanceContext.Provider>;
}

/** The transport given to the nearest {@link SeedanceProvider}; throws a message saying what to add when there is none. */
export function useSeedanceTransport(): SeedanceTransport {
  const context = useContext(SeedanceContext);
  if (!context) {
    throw new Error(
      'No Seedance transport found: wrap this part of your app in <SeedanceProvider transport={createSignerTransport()}>.',
    );
  }
  return context.transport;
}
