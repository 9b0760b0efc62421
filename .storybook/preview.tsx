import type { Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';
import { type SeedanceStoryParameters, StoryProviders } from '../packages/react/src/testing/story-providers';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    // Accessibility violations fail the story tests, not just show up in the panel.
    a11y: { test: 'error' },
  },
  decorators: [
    (Story, context) => (
      <StoryProviders parameters={context.parameters.seedance as SeedanceStoryParameters | undefined}>
        <Story />
      </StoryProviders>
    ),
  ],
};

export default preview;
