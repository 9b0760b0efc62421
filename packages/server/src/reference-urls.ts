import { type ResolvedGenerationInput, SeedanceError, type SeedanceFieldIssue } from '@seedance-kit/core';

/** What {@link checkReferenceUrls} allows besides public addresses. */
export interface ReferenceUrlRules {
  /**
   * Hosts always allowed, matched on `host` (with port) or `hostname`: the upload host and the media CDN, which the
   * operator configured, so they may be anything (the emulator on loopback included).
   */
  trustedHosts: readonly string[];
  /** When set, the only other hosts allowed (`policy.referenceHosts`). */
  allowedHosts: readonly string[] | undefined;
}

/** Host names that only mean something inside a network: never a public file. */
const INTERNAL_SUFFIXES = ['.localhost', '.internal', '.local', '.localdomain', '.home.arpa', '.intranet', '.lan'];

/**
 * Refuses reference and frame URLs that would make Segmind fetch something it should not reach with the site's key:
 * loopback, private, link-local, shared, unique-local and reserved addresses in any spelling the URL parser accepts
 * (it normalises decimal `2130706433`, hex `0x7f000001` and octal `0177.0.0.1` to dotted IPv4; IPv4-mapped and
 * NAT64/6to4 IPv6 carry an IPv4 address that is checked too), `localhost`, single-label and `*.internal`/`*.local`
 * names, credentials in the URL, and ports other than the scheme's default. Throws `VALIDATION_FAILED` with one issue
 * per URL. Host names are not resolved: the fetch happens on Segmind's network, not here.
 */
export function checkReferenceUrls(input: ResolvedGenerationInput, rules: ReferenceUrlRules): void {
  const issues: SeedanceFieldIssue[] = [];
  const check = (url: string | undefined, path: (string | number)[]) => {
    if (url === undefined) return;
    const problem = problemWith(url, rules);
    if (problem) issues.push({ path: ['input', ...path], message: problem });
  };
  check(input.first_frame_url, ['first_frame_url']);
  check(input.last_frame_url, ['last_frame_url']);
  for (const field of ['reference_images', 'reference_videos', 'reference_audios'] as const) {
    for (const [index, url] of (input[field] ?? []).entries()) check(url, [field, index]);
  }
  if (issues.length > 0) {
    throw new SeedanceError(
      'VALIDATION_FAILED',
      `Some media URLs cannot be used: ${issues.map((issue) => `${issue.path.slice(1).join('.')}: ${issue.message}`).join('; ')}. Upload the file instead, or link it from a public https host.`,
      { issues },
    );
  }
}

function problemWith(text: string, rules: ReferenceUrlRules): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https URLs are allowed';
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const matches = (hosts: readonly string[]) =>
    hosts.some((host) => {
      const entry = host.toLowerCase();
      return entry === url.host.toLowerCase() || entry === hostname;
    });
  if (matches(rules.trustedHosts)) return undefined;
  if (url.username !== '' || url.password !== '') return 'a URL with a user name or password is not allowed';
  if (url.port !== '') return `port ${url.port} is not allowed: use the scheme's default port`;
  const address = addressProblem(hostname);
  if (address) return address;
  if (rules.allowedHosts !== undefined && !matches(rules.allowedHosts)) {
    return `${hostname} is not one of the hosts this site takes media from`;
  }
  return undefined;
}

function addressProblem(hostname: string): string | undefined {
  if (hostname.startsWith('[')) {
    const ipv6 = parseIpv6(hostname.slice(1, -1));
    if (!ipv6) return 'this IPv6 address is not allowed';
    return ipv6Problem(ipv6);
  }
  const ipv4 = parseIpv4(hostname);
  if (ipv4) return ipv4Problem(ipv4);
  if (hostname === 'localhost' || INTERNAL_SUFFIXES.some((suffix) => hostname.endsWith(suffix))) {
    return `${hostname} is a local or internal name`;
  }
  if (!hostname.includes('.')) return `${hostname} is not a public host name`;
  return undefined;
}

/** Dotted IPv4, as the URL parser leaves every IPv4 spelling. */
function parseIpv4(hostname: string): number[] | undefined {
  const parts = hostname.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.map(Number);
}

function ipv4Problem([a = 0, b = 0, c = 0]: number[]): string | undefined {
  const privateRange =
    a === 0 || // "this network"
    a === 10 ||
    a === 127 || // loopback
    (a === 100 && b >= 64 && b <= 127) || // shared address space (carrier NAT)
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) || // IETF protocol assignments
    (a === 192 && b === 0 && c === 2) || // documentation
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 224; // multicast, reserved, broadcast
  return privateRange ? 'loopback, private, link-local and reserved addresses are not allowed' : undefined;
}

/** Eight 16-bit groups, or undefined when it is not an IPv6 address the URL parser would print. */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const all = halves.length === 2 ? [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail] : head;
  if (all.length !== 8 || !all.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
  return all.map((group) => Number.parseInt(group, 16));
}

function ipv6Problem(groups: number[]): string | undefined {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = (high: number, low: number) => ipv4Problem([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const refused = 'loopback, private, link-local and reserved addresses are not allowed';
  if (groups.slice(0, 5).every((group) => group === 0)) {
    // ::, ::1, IPv4-compatible ::a.b.c.d and IPv4-mapped ::ffff:a.b.c.d
    if (g5 === 0xffff || g5 === 0) return embedded(g6, g7) ?? (g5 === 0 ? refused : undefined);
    return refused;
  }
  if (g0 === 0x64 && g1 === 0xff9b) return embedded(g6, g7) ?? undefined; // NAT64
  if (g0 === 0x2002) return embedded(g1, groups[2] ?? 0); // 6to4
  if ((g0 & 0xfe00) === 0xfc00) return refused; // unique local
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return refused; // link-local, site-local
  if ((g0 & 0xff00) === 0xff00) return refused; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return refused; // documentation
  return undefined;
}
