// Where a webhook may point (SSRF): an admin's URL must not make Quartet's own network its target.
// Only public unicast addresses pass (ipaddr.js's ranges: private, loopback, link-local incl.
// 169.254.169.254, unique-local, CGNAT, multicast, unspecified, reserved, … all refused; an
// IPv4-mapped IPv6 address is judged as the IPv4 address it maps, an IPv4-compatible one refused). Checked when the URL is saved
// and again at every delivery, where the connection goes to the very address that was checked
// (a name that resolves to a public address once and a private one the next — DNS rebinding —
// cannot slip between the check and the connect). WEBHOOKS_ALLOW_LOOPBACK lets tests and
// development use http and loopback.
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { InputError } from '../../lib/errors.ts';

export interface AddressPolicy {
  allowLoopback: boolean;
}

export type Resolve = (hostname: string) => Promise<Array<{ address: string; family: number }>>;
const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export class UnsafeAddressError extends Error {}

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** Whether Quartet may connect to this IP address under the policy. */
export function addressAllowed(ip: string, policy: AddressPolicy): boolean {
  if (!ipaddr.isValid(ip)) return false;
  let parsed = ipaddr.parse(ip);
  // IPv4-compatible IPv6 (::a.b.c.d; :: and ::1 are ranges of their own) is deprecated, and ipaddr.js
  // calls it unicast; a host with a 6in4 tunnel sends it on to the IPv4 address inside, private or not.
  if (parsed.kind() === 'ipv6' && parsed.range() === 'unicast' && parsed.match(IPV4_COMPATIBLE)) return false;
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' || (policy.allowLoopback && range === 'loopback');
}

/** The URL parsed, or the field error an admin reads, from its text alone (no DNS). */
export function parseWebhookUrl(raw: string, policy: AddressPolicy): URL {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const schemes = policy.allowLoopback ? ['https:', 'http:'] : ['https:'];
  if (!url || !schemes.includes(url.protocol) || !url.hostname) {
    throw new InputError([{ field: 'url', message: 'must be an https:// address' }]);
  }
  if (url.username || url.password) throw new InputError([{ field: 'url', message: 'must not contain a user name or password' }]);
  const literal = literalAddress(url.hostname);
  if (literal !== undefined && !addressAllowed(literal, policy)) throw refusedAddress();
  return url;
}

const refusedAddress = () => new InputError([{ field: 'url', message: 'must not point to a private, loopback or link-local address' }]);

/** The IP address a URL's hostname is written as, if it is one (IPv6 without its brackets). */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}

/**
 * The one address to connect to for this hostname: every address the name resolves to must be
 * allowed (else an attacker's name with one public and one private address could be retried
 * until the private one is picked). Throws UnsafeAddressError.
 */
export async function checkedAddress(hostname: string, policy: AddressPolicy, resolve: Resolve = systemResolve): Promise<{ address: string; family: 4 | 6 }> {
  const literal = literalAddress(hostname);
  const found = literal !== undefined
    ? [{ address: literal, family: ipaddr.parse(literal).kind() === 'ipv6' ? 6 : 4 }]
    : await resolve(hostname).catch((error: NodeJS.ErrnoException) => {
      throw new UnsafeAddressError(`${hostname} cannot be resolved (${error.code ?? error.message})`);
    });
  if (found.length === 0) throw new UnsafeAddressError(`${hostname} cannot be resolved`);
  const refused = found.find((a) => !addressAllowed(a.address, policy));
  if (refused) throw new UnsafeAddressError(`${hostname} resolves to ${refused.address}, a private, loopback or link-local address`);
  const first = found[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** The check at saving: the URL's text, then what its name resolves to now, as 400s. */
export async function checkWebhookUrl(raw: string, policy: AddressPolicy, resolve: Resolve = systemResolve): Promise<string> {
  const url = parseWebhookUrl(raw, policy);
  try {
    await checkedAddress(url.hostname, policy, resolve);
  } catch (error) {
    if (!(error instanceof UnsafeAddressError)) throw error;
    if (/cannot be resolved/.test(error.message)) throw new InputError([{ field: 'url', message: 'names a host that cannot be found' }]);
    throw refusedAddress();
  }
  return url.toString();
}
