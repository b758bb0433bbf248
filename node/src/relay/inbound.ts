/**
 * How viewers reach the relay from the internet: the operator's --public-url, else a TCP port
 * mapping on the home router by UPnP IGD (--upnp, default on) advertised as
 * scheme://<router's external address>:<external port>, else only the local URL (reachable
 * only if the operator forwarded the port by hand). The coordinator probes whichever URL is
 * advertised before giving the relay to viewers; a mapping is renewed at half its lease and
 * removed on close.
 */
import type { Logger } from "pino";
import {
  addPortMapping,
  deletePortMapping,
  discoverGateway,
  getExternalAddress,
  UpnpError,
  type Gateway,
} from "./upnp-client.ts";

/** Lease asked for; renewed at half of it. */
export const LEASE_SECONDS = 3600;
/** Tries with another external port after the router reports a conflicting mapping. */
const CONFLICT_RETRIES = 3;
/** UPnP errorCode: ConflictInMappingEntry; OnlyPermanentLeasesSupported. */
const CONFLICT = 718;
const ONLY_PERMANENT_LEASES = 725;

export interface UpnpStatus {
  /** off: --no-upnp or --public-url; mapped: a mapping is held; failed: see `error`. */
  state: "off" | "mapped" | "failed";
  externalAddress: string | null;
  externalPort: number | null;
  error: string | null;
}

export interface Inbound {
  via: "public-url" | "upnp" | "local";
  url: string;
  upnp: UpnpStatus;
  /** Removes the port mapping (best effort) and stops renewing it. */
  close(): Promise<void>;
}

export interface InboundOptions {
  publicUrl: string | undefined;
  upnp: boolean;
  /** The port the relay listens on. */
  port: number;
  scheme: "http" | "https";
  logger: Logger;
  /** SSDP search and each SOAP exchange. */
  timeoutMs: number;
}

/** RFC 1918, loopback, link-local and carrier-grade NAT (RFC 6598) IPv4 addresses. */
export function isPrivateIPv4(address: string): boolean {
  const [a, b] = address.split(".").map(Number) as [number, number];
  return (
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

export async function openInbound(options: InboundOptions): Promise<Inbound> {
  const { logger: log, port, scheme, timeoutMs } = options;
  const off: UpnpStatus = { state: "off", externalAddress: null, externalPort: null, error: null };
  if (options.publicUrl)
    return { via: "public-url", url: options.publicUrl, upnp: off, close: async () => {} };
  const local = `${scheme}://127.0.0.1:${port}`;
  if (!options.upnp) return { via: "local", url: local, upnp: off, close: async () => {} };

  let gateway: Gateway;
  let externalAddress: string;
  let externalPort = port;
  try {
    gateway = await discoverGateway({ timeoutMs });
    externalAddress = await getExternalAddress(gateway, timeoutMs);
    let leaseSeconds = LEASE_SECONDS;
    for (let attempt = 0; ; attempt++) {
      const mapping = {
        externalPort,
        internalPort: port,
        internalClient: gateway.localAddress,
        description: `streamrp2p relay ${port}`,
        leaseSeconds,
      };
      try {
        await addPortMapping(gateway, mapping, timeoutMs);
        break;
      } catch (error) {
        if (!(error instanceof UpnpError)) throw error;
        if (error.upnpCode === ONLY_PERMANENT_LEASES && leaseSeconds !== 0) leaseSeconds = 0;
        else if (error.upnpCode === CONFLICT && attempt < CONFLICT_RETRIES)
          externalPort = 20_000 + Math.floor(Math.random() * 40_000);
        else throw error;
      }
    }
    const renewal =
      leaseSeconds > 0
        ? setInterval(
            () => {
              addPortMapping(
                gateway,
                {
                  externalPort,
                  internalPort: port,
                  internalClient: gateway.localAddress,
                  description: `streamrp2p relay ${port}`,
                  leaseSeconds,
                },
                timeoutMs,
              ).catch((error: unknown) =>
                log.warn({ err: error }, "cannot renew the UPnP port mapping; will retry"),
              );
            },
            (leaseSeconds * 1000) / 2,
          )
        : undefined;
    renewal?.unref();
    if (isPrivateIPv4(externalAddress))
      log.warn(
        { externalAddress },
        "the router's external address is private (double NAT or carrier-grade NAT): the mapping likely does not reach the internet; the coordinator's probe will tell",
      );
    const url = `${scheme}://${externalAddress}:${externalPort}`;
    log.info(
      { externalAddress, externalPort, internalClient: gateway.localAddress, leaseSeconds },
      "mapped the relay's port on the router (UPnP IGD)",
    );
    return {
      via: "upnp",
      url,
      upnp: { state: "mapped", externalAddress, externalPort, error: null },
      async close() {
        clearInterval(renewal);
        try {
          await deletePortMapping(gateway, externalPort, timeoutMs);
          log.info({ externalPort }, "removed the UPnP port mapping");
        } catch (error) {
          log.warn(
            { err: error },
            "cannot remove the UPnP port mapping (it expires with its lease)",
          );
        }
      },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(
      { err: error },
      "no UPnP port mapping: advertising the local URL; unless the port is forwarded by hand (then pass --public-url), viewers cannot reach this relay and it runs pull-only",
    );
    return {
      via: "local",
      url: local,
      upnp: { state: "failed", externalAddress: null, externalPort: null, error: message },
      close: async () => {},
    };
  }
}
