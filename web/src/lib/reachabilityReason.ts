import type { RelayInfo } from "@streamrp2p/protocol/api";

/**
 * Why the coordinator does not give viewers this relay, in words for its operator (undefined
 * while it does). A relay the coordinator cannot reach still runs, pull-only: it fills its cache
 * but serves no viewer until its URL answers from the internet.
 */
export function reachabilityReason(relay: Pick<RelayInfo, "url" | "inbound" | "reachability">) {
  const { listed, reason, detail } = relay.reachability;
  if (listed) return undefined;
  if (reason === "not-probed")
    return "The coordinator has not probed this relay yet (it does within a minute of the first heartbeat).";
  const pullOnly =
    relay.inbound === "local"
      ? `No port mapping: your router refused UPnP (or has it off), so the relay runs pull-only. Forward the port to this machine, or enable UPnP, and pass --public-url with the address the internet reaches.`
      : `Make sure ${relay.url} is the address the internet reaches (--public-url) and that the port is forwarded on your router and open in the firewall; until then the relay runs pull-only.`;
  const what =
    reason === "unreachable"
      ? `The coordinator could not reach ${relay.url}`
      : reason === "http-error"
        ? `${relay.url} answered the coordinator's probe with an error`
        : `${relay.url} answered the coordinator's probe with something a viewer cannot use`;
  return `${what}${detail ? ` (${detail})` : ""}. ${pullOnly}`;
}
