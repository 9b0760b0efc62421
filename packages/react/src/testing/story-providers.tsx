import { createMockTransport, type MockTransportOptions } from '@seedance-kit/core/testing';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { SeedanceProvider } from '../seedance-provider';

/** What a story may set under `parameters.seedance`. */
export interface SeedanceStoryParameters {
  /** Options of the story's mock transport. */
  transport?: MockTransportOptions;
}

/** The clip the emulator ships for 16:9, served by Storybook from `packages/emulator/media` at `/media`. */
export const STORY_VIDEO_URL = '/media/seedance-16x9.mp4';

/**
 * The providers every story runs in: a fresh QueryClient and a mock transport per story, so stories never share
 * jobs or cache entries. Lives here rather than in `.storybook/` because it must resolve this package's dependencies.
 */
export function StoryProviders({
  parameters,
  children,
}: {
  parameters: SeedanceStoryParameters | undefined;
  children: ReactNode;
}) {
  const [queryClient] = useState(() => new QueryClient());
  const [transport] = useState(() =>
    createMockTransport({
      queuedMs: 600,
      runningMs: 1200,
      pollAfterMs: 300,
      videoUrl: STORY_VIDEO_URL,
      ...parameters?.transport,
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <SeedanceProvider transport={transport}>{children}</SeedanceProvider>
    </QueryClientProvider>
  );
}
