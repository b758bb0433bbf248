/**
 * Read-only client of the coordinator's HTTP API (coordinator/README.md): every answer is
 * validated with the same protocol schemas the coordinator validates with.
 */
import type { z } from "zod";
import {
  epochInfoResponse,
  leaderboardResponse,
  listPoolsResponse,
  listRelaysResponse,
  listStreamsResponse,
  poolDetail,
  relayEarningsResponse,
  relayReportResponse,
  streamDetail,
} from "@streamrp2p/protocol";
import { AdvisorError } from "../errors.ts";

export interface CoordinatorClient {
  readonly url: string;
  streams(): Promise<z.output<typeof listStreamsResponse>>;
  stream(streamId: string): Promise<z.output<typeof streamDetail>>;
  relays(): Promise<z.output<typeof listRelaysResponse>>;
  relayReport(relay: string, epoch?: number): Promise<z.output<typeof relayReportResponse>>;
  relayEarnings(relay: string): Promise<z.output<typeof relayEarningsResponse>>;
  currentEpoch(): Promise<z.output<typeof epochInfoResponse>>;
  pools(): Promise<z.output<typeof listPoolsResponse>>;
  pool(poolId: string): Promise<z.output<typeof poolDetail>>;
  leaderboard(
    by: "bytes" | "earnings",
    limit: number,
  ): Promise<z.output<typeof leaderboardResponse>>;
}

export function createCoordinatorClient(options: {
  url: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): CoordinatorClient {
  const base = options.url.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new AdvisorError("COORDINATOR_UNAVAILABLE", `GET ${path} did not answer`, { cause });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch (cause) {
      throw new AdvisorError("COORDINATOR_UNAVAILABLE", `GET ${path}: the answer is not JSON`, {
        cause,
      });
    }
    if (response.status === 404)
      throw new AdvisorError("NOT_FOUND", `GET ${path}: 404`, { details: { body } });
    if (!response.ok)
      throw new AdvisorError("COORDINATOR_UNAVAILABLE", `GET ${path}: ${response.status}`, {
        details: { body },
      });
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new AdvisorError("COORDINATOR_UNAVAILABLE", `GET ${path}: unexpected answer`, {
        details: { issues: parsed.error.issues },
      });
    return parsed.data;
  }

  const enc = encodeURIComponent;
  return {
    url: base,
    streams: () => get("/v1/streams", listStreamsResponse),
    stream: (streamId) => get(`/v1/streams/${enc(streamId)}`, streamDetail),
    relays: () => get("/v1/relays", listRelaysResponse),
    relayReport: (relay, epoch) =>
      get(
        `/v1/relays/${enc(relay)}/report${epoch === undefined ? "" : `?epoch=${epoch}`}`,
        relayReportResponse,
      ),
    relayEarnings: (relay) => get(`/v1/relays/${enc(relay)}/earnings`, relayEarningsResponse),
    currentEpoch: () => get("/v1/epochs/current", epochInfoResponse),
    pools: () => get("/v1/pools", listPoolsResponse),
    pool: (poolId) => get(`/v1/pools/${enc(poolId)}`, poolDetail),
    leaderboard: (by, limit) => get(`/v1/leaderboard?by=${by}&limit=${limit}`, leaderboardResponse),
  };
}
