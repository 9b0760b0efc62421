import type { Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';
import { type SeedanceStoryParameters, StoryProviders } from '../packages/react/src/testing/story-providers';
import { assertRenderedClassesAreStyled, watchRenderedClasses } from '../packages/react/src/testing/style-contract';

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
  // Every `sd-*` class a story renders, at any moment, must have a rule in styles.css (see style-contract.ts).
  beforeEach: ({ canvasElement }) => watchRenderedClasses(canvasElement),
  afterEach: ({ canvasElement, title, name }) => {
    assertRenderedClassesAreStyled(canvasElement, title, name);
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
