// Small DOM helpers shared by the styled components.

/** Joins class names, dropping empty ones; `undefined` when none is left, so no empty `class` attribute renders. */
export function join(...classes: (string | false | undefined)[]): string | undefined {
  const joined = classes.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}

/**
 * The class names of one part of a component: its own `sd-<block>__<part-in-kebab-case>` and `extra` modifiers (both
 * left out when `unstyled`), then the host's `classNames[part]`.
 */
export function partClasses<Part extends string>(
  block: string,
  unstyled: boolean,
  classNames: Partial<Record<Part, string>> | undefined,
): (part: Part, ...extra: (string | false | undefined)[]) => string | undefined {
  return (part, ...extra) =>
    join(
      unstyled ? undefined : `sd-${block}__${part.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
      ...(unstyled ? [] : extra),
      classNames?.[part],
    );
}

/**
 * An absolute URL of this page's origin for a path the signer answers with: what a person can paste anywhere, and
 * what the model needs to fetch a frame itself.
 */
export function absoluteUrl(url: string): string {
  return typeof location === 'undefined' ? url : new URL(url, location.href).href;
}
