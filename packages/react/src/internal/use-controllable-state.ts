import { useRef, useState } from 'react';

/**
 * A value a host may control (`value` + `onValueChange`) or leave to the component (`defaultValue`). Changes are
 * functions of the newest value, which `latest()` also reads between a change and the render it causes, so several
 * changes in one tick (uploads finishing together) all land.
 */
export function useControllableState<Value>(
  controlled: Value | undefined,
  initial: () => Value,
  onChange: ((value: Value) => void) | undefined,
): [value: Value, change: (update: (current: Value) => Value) => void, latest: () => Value] {
  const [inner, setInner] = useState(initial);
  const value = controlled ?? inner;
  const latest = useRef(value);
  latest.current = value;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const isControlled = controlled !== undefined;
  const [read] = useState(() => () => latest.current);
  const change = (update: (current: Value) => Value) => {
    const next = update(latest.current);
    latest.current = next;
    if (!isControlled) setInner(next);
    onChangeRef.current?.(next);
  };
  return [value, change, read];
}
