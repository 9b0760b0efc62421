// The visual contract between the components and `styles.css`, checked in Chromium on every story:
// - every `sd-*` class a story renders has a rule in the loaded stylesheets (`assertRenderedClassesAreStyled`, run
//   after each story by `.storybook/preview.tsx`), so a renamed part can no longer ship as a raw browser button;
// - every rule of a component's own block names a class some story of that component renders
//   (`assertBlockRulesAreRendered`, run after each stories file by `style-contract.setup.ts`), so a rule left behind
//   by a rename, or a state with no story, shows up.
// Both read what the browser parsed (`document.styleSheets`, through layers, imports and media queries), not files.

const CLASS_IN_SELECTOR = /\.(sd-[a-zA-Z0-9_-]+)/g;

/** Classes rendered by the stories run so far in this page (one stories file runs per page). */
const rendered = new Set<string>();

/** The blocks (`sd-video-result`) whose stories ran in this page, from their titles (`Components/VideoResult`). */
const blocks = new Set<string>();

/** Every `sd-*` class named by a selector of the page's stylesheets. */
export function styledClasses(): Set<string> {
  const names = new Set<string>();
  const visit = (rules: CSSRuleList) => {
    for (const rule of rules) {
      if (rule instanceof CSSStyleRule) {
        for (const match of rule.selectorText.matchAll(CLASS_IN_SELECTOR)) names.add(match[1] as string);
      }
      if (rule instanceof CSSImportRule && rule.styleSheet) visit(rule.styleSheet.cssRules);
      if ('cssRules' in rule && rule.cssRules instanceof CSSRuleList) visit(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) visit(sheet.cssRules);
  return names;
}

/** Classes the current story has rendered at any moment since `watchRenderedClasses` started. */
let seenInStory = new Set<string>();

function record(element: Element): void {
  for (const name of element.classList) if (name.startsWith('sd-')) seenInStory.add(name);
  for (const child of element.querySelectorAll('[class]')) {
    for (const name of child.classList) if (name.startsWith('sd-')) seenInStory.add(name);
  }
}

/**
 * Records every `sd-*` class rendered under `root` from now on, including states a story passes through (a listbox
 * that opens and closes, a "Copied" note that fades). Returns the function that stops recording.
 */
export function watchRenderedClasses(root: Element): () => void {
  seenInStory = new Set();
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes' && mutation.target instanceof Element) record(mutation.target);
      for (const node of mutation.addedNodes) if (node instanceof Element) record(node);
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  record(root);
  return () => observer.disconnect();
}

/**
 * Throws, naming each class, when the story rendered (at any moment, see `watchRenderedClasses`, or under `root` now)
 * an `sd-*` class no stylesheet rule names. Records the classes for {@link assertBlockRulesAreRendered}.
 */
export function assertRenderedClassesAreStyled(root: Element, title: string, name: string): void {
  const story = `${title}/${name}`;
  const component = title.split('/').pop() ?? '';
  blocks.add(`sd-${component.replace(/(?<!^)[A-Z]/g, (letter) => `-${letter}`).toLowerCase()}`);
  record(root);
  const styled = styledClasses();
  const missing = [...seenInStory].filter((className) => !styled.has(className));
  for (const className of seenInStory) rendered.add(className);
  if (missing.length > 0) {
    throw new Error(
      `${story} renders ${missing.join(', ')} with no rule in styles.css: the markup and the stylesheet disagree on a part name. Rename one side (parts are kebab-case: sd-<block>__<part-name>).`,
    );
  }
}

/**
 * Throws, naming each class, when a stylesheet rule names a class of a component whose stories ran in this page
 * (its block, e.g. `sd-video-result`) that none of those stories rendered.
 */
export function assertBlockRulesAreRendered(): void {
  const styled = styledClasses();
  for (const block of blocks) {
    const unused = [...styled].filter(
      (name) =>
        (name === block || name.startsWith(`${block}__`) || name.startsWith(`${block}--`)) && !rendered.has(name),
    );
    if (unused.length > 0) {
      throw new Error(
        `styles.css has rules for ${unused.join(', ')}, which no story of ${block} renders: a part renamed in the markup but not in the CSS, dead CSS, or a state with no story.`,
      );
    }
  }
}
