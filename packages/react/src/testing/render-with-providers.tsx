import type { SeedanceTransport } from '@seedance-kit/core';
import { createMockTransport, type MockTransport, type MockTransportOptions } from '@seedance-kit/core/testing';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type RenderOptions, type RenderResult, render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { SeedanceProvider } from '../seedance-provider';

/** Options of {@link renderWithProviders}. */
export interface RenderWithProvidersOptions extends Omit<RenderOptions, 'wrapper' | 'queries'> {
  /** Options of the mock transport created for this render, or a ready transport to use as it is. */
  transport?: MockTransportOptions | MockTransport;
}

/** What {@link renderWithProviders} returns: the render result plus the transport and client it used. */
export interface RenderWithProvidersResult extends RenderResult {
  /** The mock transport, with every call it received. */
  transport: MockTransport;
  /** The fresh client of this render. */
  queryClient: QueryClient;
}

/**
 * Renders inside a fresh QueryClient and a SeedanceProvider with `createMockTransport`, so each test starts from an
 * empty cache and a scripted backend.
 */
export function renderWithProviders(
  ui: ReactElement,
  { transport: transportOptions, ...options }: RenderWithProvidersOptions = {},
): RenderWithProvidersResult {
  const transport =
    transportOptions !== undefined && 'calls' in transportOptions
      ? transportOptions
      : createMockTransport(transportOptions);
  const queryClient = createTestQueryClient();
  const providers = (children: ReactNode) => (
    <Providers queryClient={queryClient} transport={transport}>
      {children}
    </Providers>
  );
  const result = render(providers(ui), options);
  return {
    ...result,
    rerender: (next: ReactNode) => result.rerender(providers(next)),
    transport,
    queryClient,
  };
}

/** A fresh client whose cache never schedules garbage collection, so fake-timer tests leave no timers behind. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { gcTime: Number.POSITIVE_INFINITY } } });
}

function Providers({
  queryClient,
  transport,
  children,
}: {
  queryClient: QueryClient;
  transport: SeedanceTransport;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <SeedanceProvider transport={transport}>{children}</SeedanceProvider>
    </QueryClientProvider>
  );
}
