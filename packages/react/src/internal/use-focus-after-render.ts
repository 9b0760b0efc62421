import { type MutableRefObject, useEffect } from 'react';

/**
 * After every render, focuses the element whose id `pendingFocus` holds, and clears it once that element exists
 * (it may belong to a part that renders later). Shared by the components that move focus after a change they make.
 */
export function useFocusAfterRender(pendingFocus: MutableRefObject<string | null>): void {
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const target = document.getElementById(pendingFocus.current);
    if (!target) return;
    target.focus();
    pendingFocus.current = null;
  });
}
