import { SeedanceStudio } from '@seedance-kit/react/components';

/**
 * The playground page: the studio first (prompt, references, result, earlier videos) on the example backend, then a
 * line on what it is.
 */
export function App() {
  return (
    <div className="playground">
      <header className="playground__header">
        <h1>Seedance Kit playground</h1>
      </header>

      <main className="playground__card">
        <SeedanceStudio persist="session" />
      </main>

      <footer className="playground__footer">
        <p>
          Text and references to video with Seedance 2.0 Fast. Requests go to the example backend, which signs them with
          the Segmind key; the key never reaches this page. This is{' '}
          <code>{'<SeedanceStudio persist="session" />'}</code> inside a <code>SeedanceProvider</code>.
        </p>
      </footer>
    </div>
  );
}
