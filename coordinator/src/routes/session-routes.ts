/**
 * Viewer sessions: the relays a viewer should fetch from, under a per-viewer session cap. When
 * no relay can take the viewer, the session names the fallback source instead (FALLBACK_URL or
 * the first origin URL), unpaid: it lists no relay, so no receipt for it is ever credited, and
 * at most MAX_FALLBACK_VIEWERS such sessions are open at once.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  createSessionRequest,
  createSessionResponse,
  importSessionPublicKey,
  sessionId,
  sessionInfo,
} from "@streamrp2p/protocol";
import { ApiError } from "../errors.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import { assignRelays, type Services } from "../services.ts";
import { retryAfterSeconds, viewerKey } from "../core/session-cap.ts";
import type { StoredSession } from "../store/session-store.ts";

function sessionBody(s: StoredSession) {
  return {
    sessionId: s.sessionId,
    streamId: s.streamId,
    relays: s.relayEndpoints,
    expiresAt: s.expiresAt,
    ...(s.fallbackUrl ? { fallback: { url: s.fallbackUrl, unpaid: true as const } } : {}),
    viewerPublicKey: s.publicKey,
    createdAt: s.createdAt,
  };
}

export function sessionRoutes(services: Services): Route[] {
  const { config } = services;
  const fallbackUrl = (config.fallbackUrl ?? config.originUrls[0])?.replace(/\/+$/, "");
  return [
    defineRoute({
      method: "post",
      path: "/v1/sessions",
      operationId: "createSession",
      summary:
        "Open a viewer session: the live, staked relays whose URL answered the coordinator's probe, best first (serving the stream first, then a weighted draw). When none can take the viewer, the session lists no relay and names `fallback` (FALLBACK_URL, default the first of ORIGIN_URLS): the viewer plays from it, unpaid (no receipt for the session is credited), while fewer than MAX_FALLBACK_VIEWERS fallback sessions are open; otherwise NO_RELAYS_AVAILABLE.",
      tag: "sessions",
      body: createSessionRequest,
      response: { status: 201, description: "The session.", schema: createSessionResponse },
      errors: [...BODY_ERRORS, "STREAM_NOT_FOUND", "NO_RELAYS_AVAILABLE", "SESSION_LIMIT"],
      async handler({ body, ip, log }) {
        await importSessionPublicKey(body.viewerPublicKey).catch((error: unknown) => {
          throw new ApiError("VALIDATION_FAILED", "viewerPublicKey is not a P-256 public key", {
            cause: error,
            details: {
              issues: [{ path: "body.viewerPublicKey", message: "not importable", code: "custom" }],
            },
          });
        });
        const now = services.clock();
        const stream = await services.streams.get(body.streamId);
        if (!stream) throw new ApiError("STREAM_NOT_FOUND", `no stream ${body.streamId}`);
        const id = randomBytes(16).toString("hex");
        const ranked = await assignRelays(services, stream.streamId, id, now, body.viewerAddress);
        const fallback = ranked.length === 0;
        if (fallback && (fallbackUrl === undefined || config.maxFallbackViewers === 0)) {
          services.metrics.sessionsRefused.inc({ reason: "no-relays" });
          throw new ApiError(
            "NO_RELAYS_AVAILABLE",
            "no live, staked, reachable relay can serve this stream right now (and no fallback source is configured)",
          );
        }
        const expiresAt = now + config.sessionTtlSeconds * 1000;
        const cap = config.maxSessionsPerAddress;
        const viewer = viewerKey(ip, { v4: config.sessionPrefixV4, v6: config.sessionPrefixV6 });
        const reservation = await services.sessions.reserve(viewer, id, expiresAt, now, cap);
        if (!reservation.ok) {
          services.metrics.sessionsRefused.inc({ reason: "limit" });
          const retryAfter = retryAfterSeconds(reservation.earliestExpiry, now);
          log.warn({ ip, viewer }, "session refused: limit reached");
          throw new ApiError(
            "SESSION_LIMIT",
            `this network prefix already holds ${cap} open sessions`,
            {
              details: { limit: cap, retryAfterSeconds: retryAfter },
              headers: { "retry-after": String(retryAfter) },
            },
          );
        }
        if (fallback) {
          const place = await services.sessions.reserveFallback(
            id,
            expiresAt,
            now,
            config.maxFallbackViewers,
          );
          if (!place.ok) {
            await services.sessions.release(viewer, id);
            services.metrics.sessionsRefused.inc({ reason: "no-relays" });
            throw new ApiError(
              "NO_RELAYS_AVAILABLE",
              `no live, staked, reachable relay can serve this stream right now, and all ${config.maxFallbackViewers} fallback places are taken`,
              { details: { fallbackViewers: config.maxFallbackViewers } },
            );
          }
          services.metrics.fallbackSessions.inc();
        }
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
          addressOrdinal: reservation.open,
          expiresAt,
          relayEndpoints: ranked,
          ...(fallback ? { fallbackUrl: fallbackUrl! } : {}),
        };
        await services.sessions.save(session, now);
        services.metrics.sessionsCreated.inc();
        log.info(
          { sessionId: id, streamId: stream.streamId, relays: session.relays.length, fallback },
          fallback
            ? "fallback session created (unpaid, from the fallback source)"
            : "session created",
        );
        return {
          status: 201,
          body: {
            sessionId: id,
            streamId: stream.streamId,
            relays: session.relayEndpoints,
            expiresAt,
            ...(fallback ? { fallback: { url: fallbackUrl!, unpaid: true as const } } : {}),
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
