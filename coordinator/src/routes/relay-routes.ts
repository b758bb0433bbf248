/** Relays: heartbeats and fetch logs (signed-in relays), and the public registry. */
import { fetchLogRequest, heartbeatRequest, listRelaysResponse } from "@streamrp2p/protocol";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import { relayInfoOf, tiersOf, withStake, type Services } from "../services.ts";
import { relayStanding } from "../stake/stake-reader.ts";

/** An unstaked relay's record lasts this many RELAY_LIVE_SECONDS after its heartbeat. */
export const UNSTAKED_RETENTION_FACTOR = 4;

export function relayRoutes(services: Services): Route[] {
  const { config } = services;
  const liveMs = config.relayLiveSeconds * 1000;
  return [
    defineRoute({
      method: "post",
      path: "/v1/relays/heartbeat",
      operationId: "heartbeat",
      summary: `A relay reports its URL, tier, upstream, streams and load. It counts as live for RELAY_LIVE_SECONDS (${config.relayLiveSeconds} s). An unstaked relay (REQUIRE_STAKE) is listed without streams for ${UNSTAKED_RETENTION_FACTOR} x RELAY_LIVE_SECONDS and creates no per-stream state.`,
      tag: "relays",
      auth: true,
      body: heartbeatRequest,
      response: { status: 204, description: "Recorded." },
      errors: [...BODY_ERRORS, "UNAUTHORIZED"],
      async handler({ body, relay, ip }) {
        const staked = !config.requireStake || (await relayStanding(services.stake, relay!)).staked;
        if (staked) {
          await services.relays.heartbeat(relay!, body, ip, services.clock());
        } else {
          // Listed (so its operator sees it report) but with no streams, expiring soon.
          await services.relays.heartbeat(
            relay!,
            { ...body, streams: [] },
            ip,
            services.clock(),
            UNSTAKED_RETENTION_FACTOR * liveMs,
          );
        }
        services.metrics.heartbeats.inc();
        return { status: 204 };
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
              relayInfoOf(record, standing, now, liveMs, tiers.get(record.address) ?? 0),
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
