/** A byte range to serve, both ends inclusive as in `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header for a resource of `size` bytes. Returns `undefined` to serve the whole resource (no header,
 * another unit, bad syntax or several ranges, all of which RFC 9110 lets a server ignore), `'unsatisfiable'` for a
 * 416, or the one range to serve with a 206.
 */
export function parseRangeHeader(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;

  if (first === '') {
    const suffixLength = Number(last);
    if (suffixLength === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffixLength), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { start, end };
}
