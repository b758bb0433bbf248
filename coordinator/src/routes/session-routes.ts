/** Viewer sessions: the relays a viewer should fetch from, under a per-viewer session cap. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  createSessionRequest,
  createSessionResponse,
  sessionId,
  sessionInfo,
} from "@streamrp2p/protocol";
import { ApiError } from "../errors.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import { rankRelays } from "../core/relay-order.ts";
import { withStake, type Services } from "../services.ts";
import { retryAfterSeconds, viewerKey } from "../core/session-cap.ts";
import type { StoredSession } from "../store/session-store.ts";

/** No cap on the per-network-address count that only ranks sessions for the fraud checks. */
const UNCAPPED = 1_000_000_000;

function sessionBody(s: StoredSession) {
  return {
    sessionId: s.sessionId,
    streamId: s.streamId,
    relays: s.relayEndpoints,
    expiresAt: s.expiresAt,
    viewerPublicKey: s.publicKey,
    createdAt: s.createdAt,
  };
}

export function sessionRoutes(services: Services): Route[] {
  const { config } = services;
  return [
    defineRoute({
      method: "post",
      path: "/v1/sessions",
      operationId: "createSession",
      summary:
        "Open a viewer session: the live, staked relays to fetch from, best first (serving the stream first, then tier descending, then load ascending).",
      tag: "sessions",
      body: createSessionRequest,
      response: { status: 201, description: "The session.", schema: createSessionResponse },
      errors: [...BODY_ERRORS, "STREAM_NOT_FOUND", "NO_RELAYS_AVAILABLE", "SESSION_LIMIT"],
      async handler({ body, ip, log }) {
        const now = services.clock();
        const stream = await services.streams.get(body.streamId);
        if (!stream) throw new ApiError("STREAM_NOT_FOUND", `no stream ${body.streamId}`);
        const liveMs = config.relayLiveSeconds * 1000;
        const candidates = (
          await withStake(services, await services.relays.list(now - liveMs))
        ).map(({ record, staked }) => ({
          ...record,
          staked,
        }));
        const ranked = rankRelays(candidates, {
          streamId: stream.streamId,
          now,
          liveMs,
          requireStake: config.requireStake,
          limit: config.relaysPerSession,
          ...(body.viewerAddress ? { viewerAddress: body.viewerAddress } : {}),
        });
        if (ranked.length === 0) {
          services.metrics.sessionsRefused.inc({ reason: "no-relays" });
          throw new ApiError(
            "NO_RELAYS_AVAILABLE",
            "no live, staked relay can serve this stream right now",
          );
        }
        const id = randomBytes(16).toString("hex");
        const expiresAt = now + config.sessionTtlSeconds * 1000;
        const cap = config.maxSessionsPerAddress;
        const reservation = await services.sessions.reserve(
          viewerKey(body.viewerAddress, ip),
          id,
          expiresAt,
          now,
          cap,
        );
        if (!reservation.ok) {
          services.metrics.sessionsRefused.inc({ reason: "limit" });
          const retryAfter = retryAfterSeconds(reservation.earliestExpiry, now);
          log.warn({ ip, viewerAddress: body.viewerAddress }, "session refused: limit reached");
          throw new ApiError("SESSION_LIMIT", `this viewer already holds ${cap} open sessions`, {
            details: { limit: cap, retryAfterSeconds: retryAfter },
            headers: { "retry-after": String(retryAfter) },
          });
        }
        const ordinal = body.viewerAddress
          ? await services.sessions.reserve(viewerKey(undefined, ip), id, expiresAt, now, UNCAPPED)
          : reservation;
        const session: StoredSession = {
          sessionId: id,
          streamId: stream.streamId,
          publicKey: body.viewerPublicKey,
          createdAt: now,
          firstSequence:
            stream.lastSequence === null
              ? 0
              : Math.max(0, stream.lastSequence - config.sessionBackfillSegments + 1),
          relays: ranked.map((r) => r.address),
          viewerIp: ip,
          ...(body.viewerAddress ? { viewerAddress: body.viewerAddress } : {}),
          addressOrdinal: ordinal.ok ? ordinal.open : 1,
          expiresAt,
          relayEndpoints: ranked.map((r) => ({
            address: r.address as `0x${string}`,
            url: r.url,
            tier: r.tier,
          })),
        };
        await services.sessions.save(session, now);
        services.metrics.sessionsCreated.inc();
        log.info(
          { sessionId: id, streamId: stream.streamId, relays: session.relays.length },
          "session created",
        );
        return {
          status: 201,
          body: {
            sessionId: id,
            streamId: stream.streamId,
            relays: session.relayEndpoints,
            expiresAt,
          },
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/sessions/:sessionId",
      operationId: "getSession",
      summary: "One open viewer session.",
      tag: "sessions",
      params: z.strictObject({ sessionId }),
      response: { status: 200, description: "The session.", schema: sessionInfo },
      errors: ["VALIDATION_FAILED", "SESSION_NOT_FOUND"],
      async handler({ params }) {
        const session = await services.sessions.get(params.sessionId);
        if (!session)
          throw new ApiError("SESSION_NOT_FOUND", `no open session ${params.sessionId}`);
        return { status: 200, body: sessionBody(session) };
      },
    }),
  ];
}
