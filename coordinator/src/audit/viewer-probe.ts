/**
 * The auditor's HTTP side: fetches from a relay exactly what a player fetches (the live
 * playlist with `?session=`, manifest.json, then segments at the URIs the playlist gives), with
 * no header a player would not send, and reports what came back as plain data for
 * core/spot-check.ts. It requests only `<relay URL>/streams/<id>/...` and same-origin segment
 * URIs, follows no redirect (a segment URI outside the relay's origin, or a redirect: that
 * relay did not serve it), and reads no body beyond what it expects, so a relay cannot point it
 * elsewhere or make it buffer much.
 */
import { createHash, randomInt } from "node:crypto";
import { performance } from "node:perf_hooks";
import { recoverTypedDataAddress, type TypedDataDomain } from "viem";
import { deliveryStatementTypes, type SignedManifestEntry } from "@streamrp2p/protocol";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import { toDeliveryStatement } from "@streamrp2p/protocol/viewer/manifest-entry";
import { fetchLimitMs, type SegmentFetch, type SegmentProbe } from "../core/spot-check.ts";

export interface ProbeRequest {
  /** The relay's base URL, as its heartbeat gives it. */
  relayUrl: string;
  streamId: string;
  sessionId: string;
  /** The stream's newest origin-signed entries (the coordinator's manifest). */
  recent: readonly SignedManifestEntry[];
  /** Sequences the relay's fetch log says it pulled. */
  fetched: ReadonlySet<number>;
  /** How many of the claimed recent segments to fetch, drawn at random. */
  segments: number;
  slowFactor: number;
  /** The EIP-712 domain relays sign delivery statements in (RelayStaking's). */
  domain: TypedDataDomain;
}

export interface ProbeResult {
  playlistError: string | null;
  probes: SegmentProbe[];
}

const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;
/** A playlist larger than this is not read (a live window lists a few segments). */
const PLAYLIST_MAX_BYTES = 1 << 20;

/**
 * The body, read up to `max` bytes: a relay cannot make the auditor buffer more. A longer body
 * is cut at `max + 1` bytes (enough to show it is not what was expected) and cancelled.
 */
async function readBounded(response: Response, max: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
    if (length > max) {
      await reader.cancel();
      break;
    }
  }
  const out = new Uint8Array(Math.min(length, max + 1));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - offset);
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Up to `n` distinct items of `items`, uniformly at random. */
function sample<T>(items: readonly T[], n: number): T[] {
  const pool = [...items];
  for (let i = 0; i < Math.min(n, pool.length); i++) {
    const j = i + randomInt(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

async function statementSigner(
  statement: string | null,
  entry: SignedManifestEntry,
  domain: TypedDataDomain,
): Promise<`0x${string}` | null> {
  if (statement === null || !SIGNATURE.test(statement)) return null;
  try {
    const signer = await recoverTypedDataAddress({
      domain,
      types: deliveryStatementTypes,
      primaryType: "DeliveryStatement",
      message: toDeliveryStatement(entry),
      signature: statement as `0x${string}`,
    });
    return signer.toLowerCase() as `0x${string}`;
  } catch {
    return null;
  }
}

async function fetchSegment(
  fetcher: typeof fetch,
  url: URL,
  relayOrigin: string,
  entry: SignedManifestEntry,
  limitMs: number,
  domain: TypedDataDomain,
): Promise<SegmentFetch> {
  if (url.origin !== relayOrigin)
    return {
      outcome: "failed",
      status: null,
      error: `segment URI ${url} is outside the relay's origin`,
      fetchMs: 0,
    };
  const started = performance.now();
  try {
    const response = await fetcher(url, {
      redirect: "manual",
      signal: AbortSignal.timeout(limitMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return {
        outcome: "failed",
        status: response.status,
        error: `HTTP ${response.status}`,
        fetchMs: performance.now() - started,
      };
    }
    const bytes = await readBounded(response, entry.size);
    const fetchMs = performance.now() - started;
    const statement = response.headers.get("x-delivery-statement");
    return {
      outcome: "received",
      bytes: bytes.byteLength,
      hash: `0x${createHash("sha256").update(bytes).digest("hex")}`,
      statement,
      statementSigner: await statementSigner(statement, entry, domain),
      fetchMs,
    };
  } catch (error) {
    return {
      outcome: "failed",
      status: null,
      error: `request failed (${errorText(error)})`,
      fetchMs: performance.now() - started,
    };
  }
}

/** One check of one relay: playlist, manifest.json, then `segments` random claimed segments. */
export async function probeRelay(fetcher: typeof fetch, req: ProbeRequest): Promise<ProbeResult> {
  const streamBase = `${req.relayUrl.replace(/\/$/, "")}/streams/${req.streamId}/`;
  const relayOrigin = new URL(streamBase).origin;
  const playlistUrl = new URL(`${streamBase}index.m3u8`);
  playlistUrl.searchParams.set("session", req.sessionId);
  const longest = Math.max(0, ...req.recent.map((e) => e.durationMs));
  const requestLimitMs = fetchLimitMs(longest, req.slowFactor);

  const listed = new Map<number, string>();
  let playlistError: string | null = null;
  try {
    const response = await fetcher(playlistUrl, {
      redirect: "manual",
      signal: AbortSignal.timeout(requestLimitMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    const text = new TextDecoder().decode(await readBounded(response, PLAYLIST_MAX_BYTES));
    for (const s of parsePlaylist(text).segments) listed.set(s.sequence, s.uri);
  } catch (error) {
    playlistError = errorText(error);
  }
  if (playlistError === null) {
    // A player reads the signed entries from the relay before the segments, so the auditor
    // does too; the answer is not judged (the coordinator holds the origin-signed entries).
    await fetcher(`${streamBase}manifest.json`, {
      redirect: "manual",
      signal: AbortSignal.timeout(requestLimitMs),
    }).then(
      (manifest) => manifest.body?.cancel(),
      () => undefined,
    );
  }

  const claimed = req.recent.filter((e) => listed.has(e.sequence) || req.fetched.has(e.sequence));
  const probes: SegmentProbe[] = [];
  for (const entry of sample(claimed, req.segments)) {
    const uri = listed.get(entry.sequence);
    const url =
      uri === undefined ? new URL(`${entry.sequence}.ts`, streamBase) : new URL(uri, playlistUrl);
    const limitMs = fetchLimitMs(entry.durationMs, req.slowFactor);
    probes.push({
      expected: {
        sequence: entry.sequence,
        size: entry.size,
        durationMs: entry.durationMs,
        hash: entry.hash,
      },
      fetch: await fetchSegment(fetcher, url, relayOrigin, entry, limitMs, req.domain),
      inPlaylist: uri !== undefined,
      inFetchLog: req.fetched.has(entry.sequence),
    });
  }
  return { playlistError, probes };
}
