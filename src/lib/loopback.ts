// What only this machine can reach or be reached from: its loopback addresses and names.
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1, as a dual-stack socket reports them) are matched
// by the IPv4 rule.
LOOPBACK.addAddress('::1', 'ipv6');

/** An IP address of the loopback interface: 127.0.0.0/8 or ::1, in any spelling. */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** A host (as in HOST or a URL, IPv6 with or without brackets) that is loopback by definition:
 * a loopback address, `localhost` or a name under `.localhost` (RFC 6761). */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackAddress(name);
}
