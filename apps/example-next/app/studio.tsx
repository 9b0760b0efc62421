'use client';

import { createSignerTransport } from '@seedance-kit/core';
import { SeedanceProvider } from '@seedance-kit/react';
import { SeedanceStudio } from '@seedance-kit/react/components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';

// Made here, in a client module: the transport holds functions, which cannot be passed from a Server Component.
const transport = createSignerTransport({ baseUrl: '/api/seedance' });

/** The studio with its providers: a client component, so the page around it can stay a Server Component. */
export function Studio() {
  // One QueryClient per browser tab (and per server render), never shared between users.
  const [queryClient] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <SeedanceProvider transport={transport}>
        <SeedanceStudio persist="session" />
      </SeedanceProvider>
    </QueryClientProvider>
  );
}
