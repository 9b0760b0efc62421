import type { Decorator } from '@storybook/react-vite';

/** A neutral system font for stories: the components inherit the host's font, and the preview sets none. */
export const storyFont = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Renders a story on the dark theme (`data-theme="dark"` on a full-page wrapper), optionally padded and capped in
 * width as the component would sit in a host's column.
 */
export function darkThemeDecorator({
  maxWidth,
  padding = 24,
}: {
  maxWidth?: number;
  padding?: number;
} = {}): Decorator {
  return (Story) => (
    <div
      data-theme="dark"
      style={{
        background: 'var(--sd-color-bg)',
        padding,
        // The padding inside the page's height: no scroll bar, no light band, under a short story.
        boxSizing: 'border-box',
        minHeight: '100vh',
        fontFamily: storyFont,
      }}
    >
      {maxWidth === undefined ? (
        <Story />
      ) : (
        <div style={{ maxWidth }}>
          <Story />
        </div>
      )}
    </div>
  );
}

/** Renders a story in a column of the given width, in the story font, as it would sit in a host's layout. */
export function columnDecorator(maxWidth: number, padding?: number): Decorator {
  return (Story) => (
    <div style={{ maxWidth, fontFamily: storyFont, ...(padding === undefined ? {} : { padding }) }}>
      <Story />
    </div>
  );
}
