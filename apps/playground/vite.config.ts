import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';
import { sourceResolve } from '../../vitest.shared.ts';

/** The signer's mount path, proxied to the example backend so the browser only ever talks to this origin. */
export const SIGNER_PATH = '/api/seedance';

/** The playground's Vite config, proxying the signer to `backendUrl`; the e2e test reuses it with its own backend. */
export function createPlaygroundConfig(backendUrl: string): UserConfig {
  return {
    ...sourceResolve,
    plugins: [react()],
    server: {
      host: '127.0.0.1',
      port: 5173,
      strictPort: false,
      proxy: { [SIGNER_PATH]: { target: backendUrl, changeOrigin: false } },
    },
  };
}

export default defineConfig(createPlaygroundConfig(`http://127.0.0.1:${process.env.SEEDANCE_BACKEND_PORT ?? 8787}`));
