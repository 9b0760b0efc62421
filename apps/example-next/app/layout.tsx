import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '@seedance-kit/react/styles.css';
import './globals.css';

/** The page title and description. */
export const metadata: Metadata = {
  title: 'Seedance Kit on Next.js',
  description: 'Seedance 2.0 Fast video generation in a Next.js App Router app, the Segmind key kept on the server.',
};

/** The root layout. System fonts only: no font is fetched from the network, so it builds offline. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
