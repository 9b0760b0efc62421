import { Studio } from './studio';

/** The home page, a Server Component; the studio inside it is a client component. */
export default function Home() {
  return (
    <main className="page">
      <h1>Seedance Kit on Next.js</h1>
      <p>
        Text and references to video with Seedance 2.0 Fast. The signer runs in this app&apos;s route handlers at{' '}
        <code>/api/seedance</code> and holds the Segmind key; the key never reaches this page.
      </p>
      <Studio />
    </main>
  );
}
