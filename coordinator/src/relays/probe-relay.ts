/**
 * The coordinator's probe of a relay's advertised URL, made the way a viewer fetches: the
 * viewer library's SegmentPoller reloads the relay's playlist for a stream it carries, fetches
 * the origin-signed manifest, downloads the newest segment and verifies it. A relay that holds
 * no segment yet is probed with its stream list (GET /streams). Only GETs below the relay's base
 * URL, no redirects, a timeout per request and a bound on declared body sizes.
 */
import type { Address, Hex, TypedDataDomain } from "viem";
import { liveStreamList, type RelayProbeReason } from "@streamrp2p/protocol/api";
import { ViewerRequestError } from "@streamrp2p/client/errors/ViewerRequestError";
import { relayRequest } from "@streamrp2p/client/viewer/relayRequest";
import { SegmentPoller } from "@streamrp2p/client/viewer/SegmentPoller";

/** Streams tried before falling back to the stream list. */
const MAX_STREAMS_TRIED = 2;
/** A probe answer declaring more bytes than this is refused (segments are a few MiB at most). */
export const PROBE_MAX_BYTES = 16 * 1024 * 1024;

export interface ProbeDeps {
  fetch: typeof globalThis.fetch;
  now: () => number;
  /** The EIP-712 domain the origin signs manifest entries in. */
  domain: TypedDataDomain;
  /** Per request. */
  timeoutMs: number;
  /** The stream's origin key (the coordinator's stream record); undefined for unknown streams. */
  originOf: (streamId: Hex) => Promise<Address | undefined>;
}

export type ProbeResult =
  | { ok: true; segmentVerified: boolean }
  | { ok: false; reason: Exclude<RelayProbeReason, "not-probed">; detail: string };

/** A fetch that refuses redirects and answers that declare more than PROBE_MAX_BYTES. */
export function boundedProbeFetch(inner: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await inner(input, { ...init, redirect: "error" });
    const length = Number(response.headers.get("content-length") ?? 0);
    if (length > PROBE_MAX_BYTES) {
      await response.body?.cancel();
      throw new TypeError(`answer of ${length} bytes exceeds the probe's ${PROBE_MAX_BYTES}`);
    }
    return response;
  };
}

function failure(error: unknown): ProbeResult {
  const detail = (error instanceof Error ? error.message : String(error)).slice(0, 300);
  if (error instanceof ViewerRequestError) {
    if (error.status !== undefined) return { ok: false, reason: "http-error", detail };
    if (error.cause !== undefined) return { ok: false, reason: "unreachable", detail };
  }
  return { ok: false, reason: "bad-answer", detail };
}

export async function probeRelay(
  deps: ProbeDeps,
  relay: { address: Address; url: string; streams: readonly Hex[] },
): Promise<ProbeResult> {
  const fetch = boundedProbeFetch(deps.fetch);
  const signal = new AbortController().signal;
  const base = relay.url.replace(/\/+$/, "");
  try {
    let tried = 0;
    for (const streamId of relay.streams) {
      if (tried >= MAX_STREAMS_TRIED) break;
      const originAddress = await deps.originOf(streamId);
      if (!originAddress) continue;
      tried++;
      const poller = new SegmentPoller({
        fetch,
        now: deps.now,
        streamId,
        domain: deps.domain,
        requestTimeoutMs: deps.timeoutMs,
        blockMs: 0,
        startBehind: 0,
      });
      const received = await poller.poll(
        { address: relay.address, url: base, tier: 0 },
        {
          sessionId: undefined,
          // A probe opens no session, so the relay signs no delivery statement: the probe checks
          // the origin's signature over the bytes, and the auditor checks statements.
          unpaid: true,
          originAddress,
          signal,
          onSegment: () => undefined,
        },
      );
      if (received > 0) return { ok: true, segmentVerified: true };
    }
    const response = await relayRequest(fetch, `${base}/streams`, {
      signal,
      timeoutMs: deps.timeoutMs,
    });
    liveStreamList.parse(await response.json());
    return { ok: true, segmentVerified: false };
  } catch (error) {
    return failure(error);
  }
}
