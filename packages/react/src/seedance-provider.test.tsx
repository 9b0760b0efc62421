import type { SeedanceTransport } from '@seedance-kit/core';
import { createMockTransport } from '@seedance-kit/core/testing';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SeedanceProvider, useSeedanceTransport } from './seedance-provider';

function TransportProbe() {
  const transport = useSeedanceTransport();
  return <p>{typeof transport.submit === 'function' ? 'transport ready' : 'no transport'}</p>;
}

describe('SeedanceProvider', () => {
  beforeEach(() => {
    // React reports render errors on the console as well as throwing them; the throw is what is asserted here.
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('gives its transport to the hooks below it', () => {
    render(
      <QueryClientProvider client={new QueryClient()}>
        <SeedanceProvider transport={createMockTransport()}>
          <TransportProbe />
        </SeedanceProvider>
      </QueryClientProvider>,
    );
    expect(screen.getByText('transport ready')).toBeInTheDocument();
  });

  it('says which transport to pass when none is given', () => {
    expect(() =>
      render(
        <QueryClientProvider client={new QueryClient()}>
          <SeedanceProvider transport={undefined as unknown as SeedanceTransport}>
            <TransportProbe />
          </SeedanceProvider>
        </QueryClientProvider>,
      ),
    ).toThrow('SeedanceProvider needs a transport: pass transport={createSignerTransport()}');
  });

  it('says to add a QueryClientProvider when there is none above it', () => {
    expect(() =>
      render(
        <SeedanceProvider transport={createMockTransport()}>
          <TransportProbe />
        </SeedanceProvider>,
      ),
    ).toThrow(
      /must be inside a QueryClientProvider from @tanstack\/react-query.*<QueryClientProvider client=\{queryClient\}>/,
    );
  });

  it('says to wrap the app in a SeedanceProvider when a hook has none', () => {
    expect(() => render(<TransportProbe />)).toThrow(
      'wrap this part of your app in <SeedanceProvider transport={createSignerTransport()}>',
    );
  });
});
