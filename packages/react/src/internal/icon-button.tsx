import type { ComponentPropsWithoutRef, ReactNode } from 'react';

/** Props of {@link IconButton}: a button's props, with its accessible `label` and a decorative `glyph`. */
export type IconButtonProps = Omit<ComponentPropsWithoutRef<'button'>, 'children'> & { label: string; glyph: string };

/** A button shown as a glyph, named by `label` (its accessible name and its tooltip). */
export function IconButton({ label, glyph, ...rest }: IconButtonProps): ReactNode {
  return (
    <button type="button" aria-label={label} title={label} {...rest}>
      <span aria-hidden="true">{glyph}</span>
    </button>
  );
}
