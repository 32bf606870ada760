/**
 * Whether an address names a site on the public web, for what the worker fetches because a page
 * said so (a link card's page and its image). The worker may hold access to servers the public web
 * must not reach through it: loopback (every test build, and a release build whose person once
 * linked a local server), the home network, a cloud's metadata service at 169.254.169.254.
 *
 * Only literal addresses can be judged. An extension has no DNS API, so a name is taken as public
 * unless it is one that never is (`localhost`, `.local`…): a public name that resolves to a private
 * address is not caught here. What limits that case is access: a redirect or an image on another
 * origin than the linked page is never read (utils/networks/link-card.ts), and the linked page's own
 * site is the one the person granted in the Publish click.
 */

/** Names that are never on the public web: RFC 6761 (`localhost`), RFC 6762 (`.local`), RFC 8375
 *  (`home.arpa`), ICANN's `.internal`, and `.lan`, which home routers use and no registry sells. */
const LOCAL_NAME_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'lan'];

/** [first address as a number, prefix length] of IPv4 blocks that are not public. */
const NON_PUBLIC_IPV4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 included
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // private
  ['192.168.0.0', 16], // private
  ['224.0.0.0', 3], // multicast, reserved and broadcast
];

/**
 * Origins a test serves its pages from, on loopback, to stand for public sites. Only unit tests
 * (Vitest's mode) and test builds (utils/background-main.ts hands this to the e2e tests) can add
 * one; a release build refuses.
 */
const testFixtureOrigins = new Set<string>();

/** Tests only: take `origin` (scheme, host and port, exactly) as a public site. */
export function allowTestFixtureOrigin(origin: string): void {
  if (import.meta.env.MODE !== 'test' && !import.meta.env.CROSSPOST_TEST_HOOKS) throw new Error('Only tests can allow a fixture origin');
  testFixtureOrigins.add(new URL(origin).origin);
}

function ipv4Number(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

function isPublicIpv4(value: number): boolean {
  return NON_PUBLIC_IPV4.every(([first, prefix]) => Math.floor(value / 2 ** (32 - prefix)) !== Math.floor(ipv4Number(first)! / 2 ** (32 - prefix)));
}

/** The eight 16-bit groups of an IPv6 address as `new URL` writes it (lower-case hex, `::`, no dotted tail). */
function ipv6Groups(address: string): number[] | undefined {
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').map((group) => (/^[0-9a-f]{1,4}$/.test(group) ? parseInt(group, 16) : NaN)));
  const first = groupsOf(head);
  const last = tail === undefined ? [] : groupsOf(tail);
  const missing = 8 - first.length - last.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...first, ...Array<number>(missing).fill(0), ...last];
  return groups.every(Number.isInteger) ? groups : undefined;
}

function isPublicIpv6(groups: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedIpv4 = (high: number, low: number) => high * 65536 + low;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    // ::ffff:a.b.c.d (IPv4-mapped), ::a.b.c.d (the old IPv4-compatible form), :: and ::1: all are
    // the IPv4 address at the end, or loopback and unspecified, which fall in 0/8 that way.
    if (g5 === 0xffff || g5 === 0) return isPublicIpv4(embeddedIpv4(g6, g7));
    return false;
  }
  // IPv4-translated (::ffff:0:a.b.c.d, RFC 2765): the IPv4 address at the end.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return isPublicIpv4(embeddedIpv4(g6, g7));
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address they carry.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isPublicIpv4(embeddedIpv4(g6, g7));
  if (g0 === 0x2002) return isPublicIpv4(embeddedIpv4(g1, g2));
  // Local-use NAT64 (64:ff9b:1::/48, RFC 8215) is a network's own, and Teredo (2001::/32) tunnels to
  // an IPv4 address hidden in its bits: no web page for a card lives at either.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return false;
  if (g0 === 0x2001 && g1 === 0) return false;
  if ((g0 & 0xfe00) === 0xfc00) return false; // unique local, fc00::/7
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return false; // link-local fe80::/10, old site-local fec0::/10
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  return true;
}

/**
 * Whether `url` is an http(s) address on the public web, as far as its text can tell (see the top
 * of this file): false for loopback, private, link-local, carrier-grade NAT and unspecified
 * addresses, in any form `new URL` accepts (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`), for
 * local names, and for anything that is not a URL.
 */
export function isPublicWebAddress(url: string | URL): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (testFixtureOrigins.has(parsed.origin)) return true;
  // `new URL` has already turned every IPv4 spelling into dotted decimal and IPv6 into its short form.
  const host = parsed.hostname.replace(/\.$/, '');
  if (host.startsWith('[')) {
    const groups = ipv6Groups(host.slice(1, -1));
    return groups !== undefined && isPublicIpv6(groups);
  }
  const ipv4 = ipv4Number(host);
  if (ipv4 !== undefined) return isPublicIpv4(ipv4);
  // A name without a dot is resolved on the local network ("nas", "router"), never on the public web.
  if (!host.includes('.')) return false;
  return !LOCAL_NAME_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}
