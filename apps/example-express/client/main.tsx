import { createSignerTransport } from '@seedance-kit/core';
import { SeedanceProvider } from '@seedance-kit/react';
import { SeedanceStudio } from '@seedance-kit/react/components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@seedance-kit/react/styles.css';

// Same origin as the Express server that serves this page, so no proxy and no CORS.
const transport = createSignerTransport({ baseUrl: '/api/seedance' });
const queryClient = new QueryClient();

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a <div id="root"> for the page to render into.');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SeedanceProvider transport={transport}>
        <main style={{ maxWidth: '72rem', margin: '0 auto', padding: '2rem 1.5rem', fontFamily: 'system-ui' }}>
          <h1>Seedance Kit on Express</h1>
          <SeedanceStudio persist="session" />
        </main>
      </SeedanceProvider>
    </QueryClientProvider>
  </StrictMode>,
);
