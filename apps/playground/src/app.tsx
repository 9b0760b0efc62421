import { AUTO_DURATION, type GenerationInput } from '@seedance-kit/core';
import {
  configQueryOptions,
  PromptComposer,
  useSeedanceGeneration,
  useSeedanceTransport,
  VideoResult,
} from '@seedance-kit/react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

/** The playground page: the prompt composer on one side, the result on the other. */
export function App() {
  const generation = useSeedanceGeneration();
  const transport = useSeedanceTransport();
  // The server's policy decides what the composer offers; until it answers (or if it cannot), it offers what the
  // model takes.
  const config = useQuery(configQueryOptions(transport));
  const [input, setInput] = useState<GenerationInput>({ prompt: '' });
  const issues = generation.error?.code === 'VALIDATION_FAILED' ? generation.error.issues : undefined;

  return (
    <div className="playground">
      <header className="playground__header">
        <h1>Seedance Kit playground</h1>
        <p>
          Text to video with Seedance 2.0 Fast. Requests go to the example backend, which signs them with the Segmind
          key; the key never reaches this page.
        </p>
      </header>

      <main className="playground__layout">
        <div className="playground__card">
          <PromptComposer
            value={input}
            onValueChange={setInput}
            config={config.data}
            issues={issues}
            busy={generation.isPending}
            onSubmit={(validated) => {
              // The outcome is rendered from the hook's state, so the promise is only drained here.
              generation.generate(validated).catch(() => {});
            }}
          />
        </div>

        <section className="playground__card playground__result" aria-labelledby="result-heading">
          <h2 id="result-heading">Result</h2>
          <VideoResult
            status={generation.status}
            job={generation.job}
            error={generation.error}
            aspectRatio={input.aspect_ratio}
          />
          {generation.status !== 'idle' && !generation.isPending ? (
            <button type="button" className="playground__button playground__button--quiet" onClick={generation.reset}>
              Clear result
            </button>
          ) : null}
          {generation.job ? (
            <p className="playground__meta">
              {describeJob(generation.job.input)}
              {generation.video?.seed === undefined ? '' : ` · seed ${generation.video.seed}`}
            </p>
          ) : null}
        </section>
      </main>
    </div>
  );
}

function describeJob(input: { aspectRatio: string; duration: number; resolution: string; generateAudio: boolean }) {
  const length = input.duration === AUTO_DURATION ? 'auto length' : `${input.duration} s`;
  return [input.aspectRatio, length, input.resolution, input.generateAudio ? 'with audio' : 'no audio'].join(' · ');
}
