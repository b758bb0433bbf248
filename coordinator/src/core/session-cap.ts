/**
 * The per-viewer session cap. The session API carries no proof that a viewer controls the
 * wallet it names (`viewerAddress` is a claim), so the cap counts the viewer's network prefix
 * only: the /24 of an IPv4 address, the /64 of an IPv6 address (both configurable). One
 * household or one cloud instance gets one cap however many addresses it holds in its prefix.
 * The Redis script in store/session-store.ts applies `capAllows` atomically; this module is
 * the rule in plain code.
 */
import { isIPv4, isIPv6 } from "node:net";

export interface PrefixLengths {
  /** Bits of an IPv4 address that name the viewer (default 24). */
  v4: number;
  /** Bits of an IPv6 address that name the viewer (default 64). */
  v6: number;
}

function ipv4Bits(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function ipv4Text(bits: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(bits / 2 ** shift) % 256).join(".");
}

/** The 8 groups of an IPv6 address (an embedded IPv4 tail is folded into the last two). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const bits = ipv4Bits(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${Math.floor(bits / 65536).toString(16)}:${(bits % 65536).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The network prefix a viewer address belongs to, as text (`198.51.100.0/24`,
 * `2001:db8:1:2:0:0:0:0/64`). IPv4-mapped IPv6 (`::ffff:198.51.100.7`) counts as IPv4; an
 * address that is neither (a Unix socket) is its own prefix.
 */
export function networkPrefix(ip: string, lengths: PrefixLengths): string {
  const address = ip.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped ? mapped[1]! : address;
  if (isIPv4(v4)) {
    const keep = 2 ** (32 - lengths.v4);
    return `${ipv4Text(Math.floor(ipv4Bits(v4) / keep) * keep)}/${lengths.v4}`;
  }
  if (!isIPv6(address)) return address;
  const groups = ipv6Groups(address).map((group, i) => {
    const bits = Math.min(16, Math.max(0, lengths.v6 - i * 16));
    return bits === 0 ? 0 : group & ~((1 << (16 - bits)) - 1) & 0xffff;
  });
  return `${groups.map((g) => g.toString(16)).join(":")}/${lengths.v6}`;
}

/** The key the cap counts: the viewer's network prefix. */
export function viewerKey(ip: string, lengths: PrefixLengths): string {
  return `net:${networkPrefix(ip, lengths)}`;
}

/** Whether one more session fits, given the expiry times of the viewer's sessions. */
export function capAllows(expiries: readonly number[], now: number, cap: number): boolean {
  return expiries.filter((e) => e > now).length < cap;
}

/** Seconds until the earliest open session expires and frees a place (at least 1). */
export function retryAfterSeconds(earliestExpiry: number, now: number): number {
  return Math.max(1, Math.ceil((earliestExpiry - now) / 1000));
}
