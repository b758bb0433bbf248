/**
 * Relays: heartbeats and fetch logs (signed-in relays), and the public registry. A staked
 * relay's heartbeat probes its advertised URL when a probe is due (relays/probe-relay.ts):
 * viewers are given only relays whose URL answered.
 */
import {
  fetchLogRequest,
  heartbeatRequest,
  heartbeatResponse,
  listRelaysResponse,
  relayStakingDomain,
} from "@streamrp2p/protocol";
import { probeDue, reachabilityOf, type ProbeRecord } from "../core/relay-reachability.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import { probeRelay } from "../relays/probe-relay.ts";
import { probePolicyOf, relayInfoOf, tiersOf, withStake, type Services } from "../services.ts";
import type { Heartbeat } from "../store/relay-store.ts";
import { relayStanding } from "../stake/stake-reader.ts";

/** An unstaked relay's record lasts this many RELAY_LIVE_SECONDS after its heartbeat. */
export const UNSTAKED_RETENTION_FACTOR = 4;

export function relayRoutes(services: Services): Route[] {
  const { config } = services;
  const liveMs = config.relayLiveSeconds * 1000;
  const policy = probePolicyOf(config);
  const domain = relayStakingDomain(config.chainId, config.stakingAddress);

  async function probe(relay: `0x${string}`, body: Heartbeat, now: number): Promise<ProbeRecord> {
    const result = await probeRelay(
      {
        fetch: services.probeFetch,
        now: services.clock,
        domain,
        timeoutMs: config.relayProbeTimeoutMs,
        originOf: async (streamId) => (await services.streams.get(streamId))?.originAddress,
      },
      { address: relay, url: body.url, streams: body.streams },
    );
    services.metrics.relayProbes.inc({ outcome: result.ok ? "reachable" : result.reason });
    return result.ok
      ? {
          url: body.url,
          at: now,
          ok: true,
          reason: null,
          detail: null,
          segmentVerified: result.segmentVerified,
        }
      : {
          url: body.url,
          at: now,
          ok: false,
          reason: result.reason,
          detail: result.detail,
          segmentVerified: false,
        };
  }

  return [
    defineRoute({
      method: "post",
      path: "/v1/relays/heartbeat",
      operationId: "heartbeat",
      summary: `A relay reports its URL, tier, upstream, streams and load. It counts as live for RELAY_LIVE_SECONDS (${config.relayLiveSeconds} s). A staked relay's URL is probed when a probe is due (RELAY_PROBE: a viewer's fetch and verification of a segment, or of the stream list while the relay holds none; again after RELAY_PROBE_INTERVAL_SECONDS, a quarter of it after a failure), and only relays that answered are given to viewers; the answer says whether the relay is listed and why not. An unstaked relay (REQUIRE_STAKE) is listed without streams for ${UNSTAKED_RETENTION_FACTOR} x RELAY_LIVE_SECONDS, is not probed and creates no per-stream state.`,
      tag: "relays",
      auth: true,
      body: heartbeatRequest,
      response: {
        status: 200,
        description: "Recorded; whether viewers are given this relay.",
        schema: heartbeatResponse,
      },
      errors: [...BODY_ERRORS, "UNAUTHORIZED"],
      async handler({ body, relay, ip }) {
        const staked = !config.requireStake || (await relayStanding(services.stake, relay!)).staked;
        const now = services.clock();
        let record;
        if (staked) {
          const previous = await services.relays.get(relay!);
          const probed = probeDue(previous, body.url, now, policy)
            ? await probe(relay!, body, now)
            : previous?.probe;
          record = await services.relays.heartbeat(relay!, body, ip, now, undefined, probed);
        } else {
          // Listed (so its operator sees it report) but with no streams, expiring soon.
          record = await services.relays.heartbeat(
            relay!,
            { ...body, streams: [] },
            ip,
            now,
            UNSTAKED_RETENTION_FACTOR * liveMs,
          );
        }
        services.metrics.heartbeats.inc();
        return { status: 200, body: { reachability: reachabilityOf(record, policy) } };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/relays",
      operationId: "listRelays",
      summary:
        "Every relay heard from in the last 24 hours, most recent first, with liveness and stake status.",
      tag: "relays",
      response: { status: 200, description: "The relays.", schema: listRelaysResponse },
      errors: [],
      async handler() {
        const now = services.clock();
        const all = await services.relays.list(0);
        const tiers = tiersOf(
          services,
          all.filter((r) => r.lastSeen >= now - liveMs),
        );
        const records = await withStake(services, all);
        return {
          status: 200,
          body: {
            relays: records.map(({ record, ...standing }) =>
              relayInfoOf(record, standing, now, liveMs, tiers.get(record.address) ?? 0, policy),
            ),
          },
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/relays/fetch-log",
      operationId: "postFetchLog",
      summary:
        "A relay reports which segments it fetched, from where, with which hash; receipts are later checked against it.",
      tag: "relays",
      auth: true,
      body: fetchLogRequest,
      response: {
        status: 202,
        description:
          "Recorded (the first report of a sequence wins); an unstaked relay's log is dropped (REQUIRE_STAKE).",
      },
      errors: [...BODY_ERRORS, "UNAUTHORIZED"],
      async handler({ body, relay }) {
        // An unstaked relay's bytes are unpaid: its fetch log would only create keys.
        if (config.requireStake && !(await relayStanding(services.stake, relay!)).staked) {
          return { status: 202 };
        }
        await services.relays.appendFetchLog(relay!, body.entries, config.fetchLogTtlSeconds);
        services.metrics.fetchLogEntries.inc(body.entries.length);
        return { status: 202 };
      },
    }),
  ];
}
