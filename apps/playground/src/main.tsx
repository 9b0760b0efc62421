import { createSignerTransport } from '@seedance-kit/core';
import { SeedanceProvider } from '@seedance-kit/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@seedance-kit/react/styles.css';
import './app.css';
import { App } from './app';

const queryClient = new QueryClient();
// The browser talks only to this origin; Vite proxies /api/seedance to the example backend, which holds the key.
const transport = createSignerTransport({ baseUrl: '/api/seedance' });

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a <div id="root"> for the playground to render into.');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SeedanceProvider transport={transport}>
        <App />
      </SeedanceProvider>
    </QueryClientProvider>
  </StrictMode>,
);
