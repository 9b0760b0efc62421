import type { Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';
import { type SeedanceStoryParameters, StoryProviders } from '../packages/react/src/testing/story-providers';

const preview: Preview = {
  // A docs page for every component, its props table written from the JSDoc.
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    // Accessibility violations fail the story tests, not just show up in the panel.
    a11y: { test: 'error' },
    options: {
      storySort: {
        order: [
          'Guides',
          ['Introduction', 'Embed in 5 lines', 'Wire your backend', 'Theming', 'Errors and what users see'],
          'Components',
        ],
      },
    },
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
