/**
 * The auditor: every AUDIT_INTERVAL_MS one coordinator (a Redis lock per round) draws up to
 * AUDIT_RELAYS_PER_ROUND live relays that list a live stream and spot-checks each: it opens a
 * session like any viewer's (fresh P-256 key, the relays the ranking assigns with the checked
 * relay among them, stored where GET /v1/sessions/:id finds it), fetches random recent
 * segments the relay claims (viewer-probe.ts) and judges them (core/spot-check.ts). A failure
 * withholds the relay key for the open epoch and keeps the evidence (store/audit-store.ts).
 */
import { randomBytes, randomInt } from "node:crypto";
import type { AuditEvidence } from "@streamrp2p/protocol/api";
import { createSessionKey, relayStakingDomain } from "@streamrp2p/protocol";
import { epochAt } from "../core/epoch-window.ts";
import { fetchLimitMs, judgeSpotCheck, type SpotCheckVerdict } from "../core/spot-check.ts";
import { assignRelays, tiersOf, withStake, type Services } from "../services.ts";
import type { RelayRecord } from "../store/relay-store.ts";
import type { StoredSession } from "../store/session-store.ts";
import type { StreamRecord } from "../store/stream-store.ts";
import { probeRelay } from "./viewer-probe.ts";

export interface AuditRound {
  checked: number;
  passed: number;
  failed: number;
  inconclusive: number;
}

export interface RelayAuditorOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function createRelayAuditor(services: Services, options: RelayAuditorOptions = {}) {
  const { config, clock } = services;
  const fetcher = options.fetch ?? fetch;
  const log = services.logger.child({ component: "auditor" });
  const domain = relayStakingDomain(config.chainId, config.stakingAddress);

  /** A session like POST /v1/sessions opens, listing `relay` among the assigned relays. */
  async function openSession(
    stream: StreamRecord,
    relay: RelayRecord,
    live: readonly RelayRecord[],
    now: number,
  ): Promise<string> {
    const sessionId = randomBytes(16).toString("hex");
    const key = await createSessionKey();
    const endpoints = await assignRelays(services, stream.streamId, sessionId, now, undefined);
    if (!endpoints.some((e) => e.address === relay.address)) {
      const endpoint = {
        address: relay.address,
        url: relay.url,
        tier: tiersOf(services, live).get(relay.address) ?? 0,
      };
      if (endpoints.length < config.relaysPerSession) endpoints.push(endpoint);
      else endpoints[randomInt(endpoints.length)] = endpoint;
    }
    const session: StoredSession = {
      sessionId,
      streamId: stream.streamId,
      publicKey: key.publicKey,
      createdAt: now,
      firstSequence:
        stream.lastSequence === null
          ? 0
          : Math.max(0, stream.lastSequence - config.sessionBackfillSegments + 1),
      relays: endpoints.map((e) => e.address),
      viewerIp: "",
      addressOrdinal: 1,
      expiresAt: now + config.sessionTtlSeconds * 1000,
      relayEndpoints: endpoints,
    };
    await services.sessions.save(session, now);
    return sessionId;
  }

  async function check(
    relay: RelayRecord,
    stream: StreamRecord,
    live: readonly RelayRecord[],
  ): Promise<SpotCheckVerdict> {
    const now = clock();
    const last = stream.lastSequence ?? 0;
    const from = Math.max(0, last - config.auditRecentSegments + 1);
    const [recent, fetchLog, report, sessionId] = await Promise.all([
      services.streams.manifest(stream.streamId, from, config.auditRecentSegments),
      services.relays.fetchLog(stream.streamId, relay.address),
      services.receiptLedger.report(epochAt(now, services.epochs.schedule).epoch, relay.address),
      openSession(stream, relay, live, now),
    ]);
    const fetched = new Set(fetchLog.map((f) => f.sequence));
    const creditedBytes = report.verifiedByStream[stream.streamId] ?? 0;
    const probed = await probeRelay(fetcher, {
      relayUrl: relay.url,
      streamId: stream.streamId,
      sessionId,
      recent,
      fetched,
      segments: config.auditSegmentsPerCheck,
      slowFactor: config.auditSlowFactor,
      domain,
    });
    const verdict = judgeSpotCheck({
      relay: relay.address,
      playlistError: probed.playlistError,
      creditedBytes,
      probes: probed.probes,
      slowFactor: config.auditSlowFactor,
    });
    services.metrics.auditChecks.inc({ outcome: verdict.outcome });
    if (verdict.outcome !== "fail") return verdict;
    services.metrics.auditFailures.inc({ code: verdict.code });
    const { probe } = verdict;
    const fetch = probe?.fetch;
    const evidence: AuditEvidence = {
      relay: relay.address,
      epoch: await services.epochs.epochFor(clock()),
      streamId: stream.streamId,
      sequence: probe?.expected.sequence ?? null,
      code: verdict.code,
      message: verdict.message,
      expected: probe ? { bytes: probe.expected.size, hash: probe.expected.hash } : null,
      got: fetch?.outcome === "received" ? { bytes: fetch.bytes, hash: fetch.hash } : null,
      httpStatus: fetch?.outcome === "failed" ? fetch.status : null,
      fetchMs: fetch ? Math.round(fetch.fetchMs) : null,
      limitMs: probe ? fetchLimitMs(probe.expected.durationMs, config.auditSlowFactor) : null,
      statement: fetch?.outcome === "received" ? fetch.statement : null,
      statementSigner: fetch?.outcome === "received" ? fetch.statementSigner : null,
      claims: {
        inPlaylist: probe?.inPlaylist ?? false,
        inFetchLog: probe?.inFetchLog ?? false,
        creditedBytes,
      },
      at: now,
    };
    await services.audits.recordFailure(evidence);
    log.warn(
      {
        relay: relay.address,
        streamId: stream.streamId,
        code: verdict.code,
        epoch: evidence.epoch,
      },
      `spot check failed: ${verdict.message}`,
    );
    return verdict;
  }

  /** One round: draws relays listed for a live stream and checks each on one of its streams. */
  async function runOnce(): Promise<AuditRound> {
    const now = clock();
    const listed = await services.relays.list(now - config.relayLiveSeconds * 1000);
    const standing = await withStake(services, listed);
    const live = standing
      .filter((s) => !config.requireStake || s.staked)
      .map((s) => s.record)
      .filter((r) => r.streams.length > 0);
    const streamIds = [...new Set(live.flatMap((r) => r.streams))];
    const records = await Promise.all(streamIds.map((id) => services.streams.get(id)));
    const liveStreams = new Map(
      records.flatMap((s) =>
        s && s.lastManifestAt !== null && s.lastManifestAt >= now - config.streamLiveSeconds * 1000
          ? [[s.streamId as string, s] as const]
          : [],
      ),
    );
    const drawn = shuffled(live.filter((r) => r.streams.some((id) => liveStreams.has(id)))).slice(
      0,
      config.auditRelaysPerRound,
    );
    const verdicts = await Promise.all(
      drawn.map(async (relay) => {
        const candidates = relay.streams.filter((id) => liveStreams.has(id));
        const stream = liveStreams.get(candidates[randomInt(candidates.length)]!)!;
        try {
          return await check(relay, stream, live);
        } catch (error) {
          log.error({ err: error, relay: relay.address }, "spot check could not run");
          return undefined;
        }
      }),
    );
    const count = (outcome: SpotCheckVerdict["outcome"]) =>
      verdicts.filter((v) => v?.outcome === outcome).length;
    return {
      checked: verdicts.filter((v) => v !== undefined).length,
      passed: count("pass"),
      failed: count("fail"),
      inconclusive: count("inconclusive"),
    };
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Waits one interval, then runs a round if this process claims it; until stopped. */
  async function run(intervalMs: number): Promise<void> {
    while (running) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
      if (!running) return;
      try {
        if (await services.audits.claimRound(intervalMs)) {
          const round = await runOnce();
          if (round.checked > 0) log.info(round, "audit round");
        }
      } catch (error) {
        log.error({ err: error }, "audit round failed; will retry");
      }
    }
  }

  return {
    runOnce,
    /** Runs a round every `intervalMs` (the first after one interval), in one coordinator at a time. */
    start(intervalMs: number): void {
      if (loop) return;
      running = true;
      loop = run(intervalMs);
    },
    async stop(): Promise<void> {
      running = false;
      clearTimeout(timer);
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}

export type RelayAuditor = ReturnType<typeof createRelayAuditor>;
