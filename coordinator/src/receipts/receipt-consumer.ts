/**
 * The receipt consumer that runs in every coordinator process: reads accepted batches from
 * the consumer group, up to RECEIPT_CONCURRENCY at once, evaluates each with the pure core
 * (signatures verified on the thread pool; a relay's batches decided in stream order),
 * applies the effects atomically (receipt-ledger.ts), then acknowledges. Batches a dead
 * process left pending are taken over after RECEIPT_CLAIM_IDLE_MS.
 */
import { randomBytes } from "node:crypto";
import { settlesWithin } from "../settles-within.ts";
import type { RedisClient } from "../store/redis-client.ts";
import type { Logger } from "pino";
import { decideBatch, verifyBatch } from "../core/evaluate-receipt.ts";
import type { ReceiptVerifier } from "../core/receipt-verifier.ts";
import { addDecisions, emptyRelayEpochReport } from "../core/relay-epoch-report.ts";
import type { EnvironmentLoader } from "./receipt-environment.ts";
import { sessionCredits, type ReceiptLedger } from "./receipt-ledger.ts";
import type { QueuedBatch, ReceiptQueue } from "./receipt-queue.ts";

export interface ReceiptConsumerDeps {
  redis: RedisClient;
  queue: ReceiptQueue;
  ledger: ReceiptLedger;
  load: EnvironmentLoader;
  verifier: ReceiptVerifier;
  /** The epoch a batch accepted at `at` counts in: never one already closed. */
  epochFor(at: number): Promise<number>;
  logger: Logger;
  concurrency: number;
  claimIdleMs: number;
  stateTtlMs: number;
  /** Called after each applied batch (metrics). */
  onApplied?(receipts: number, outcome: string): void;
  /** How long stop() waits for the loop before closing its reader, and again after (5 s). */
  stopGraceMs?: number;
}

export interface ReceiptConsumer {
  readonly name: string;
  /** Runs until stop(); resolves when the loop ended. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Processes one batch on its own (exposed for tests and the benchmark). */
  process(batch: QueuedBatch): Promise<void>;
}

const MAX_ATTEMPTS = 20;
/** Idle consumers with nothing pending are forgotten after this long. */
const CONSUMER_RETENTION_MS = 3_600_000;

export function createReceiptConsumer(deps: ReceiptConsumerDeps): ReceiptConsumer {
  const name = `c-${process.pid}-${randomBytes(4).toString("hex")}`;
  const log = deps.logger.child({ consumer: name });
  const graceMs = deps.stopGraceMs ?? 5_000;
  let running = false;
  let loop: Promise<void> | undefined;
  let reader: RedisClient | undefined;

  /**
   * Verifies a batch's signatures at once, then, after `after` (the same relay's batch before
   * it in this process, whose baselines it may build on), decides and applies it; a batch
   * whose baselines moved meanwhile is decided again on fresh ones.
   */
  async function processBatch(batch: QueuedBatch, after?: Promise<void>): Promise<void> {
    let env = await deps.load.load(batch.relay, batch.receipts, batch.at);
    const verified = await verifyBatch(batch.receipts, env, deps.verifier.verifyMany);
    if (after !== undefined) {
      await after;
      env = await deps.load.refreshStates(env);
    }
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (attempt > 1) env = await deps.load.refreshStates(env);
      const { decisions, states } = decideBatch(verified, env, deps.verifier.verify);
      const pairs = [...states].map(([key, state]) => {
        const [sessionId, relay] = key.split("|") as [string, string];
        return {
          sessionId,
          relay,
          expected: env.rawStates.get(key) ?? "",
          next: JSON.stringify(state),
        };
      });
      const outcome = await deps.ledger.apply({
        entryId: batch.id,
        relay: batch.relay,
        epoch: await deps.epochFor(batch.at),
        at: batch.at,
        delta: addDecisions(emptyRelayEpochReport(batch.relay), decisions),
        sessions: sessionCredits(batch.relay, decisions),
        pairs,
        stateTtlMs: deps.stateTtlMs,
      });
      if (outcome === "ok" || outcome === "applied") {
        await deps.queue.done(batch.id);
        deps.onApplied?.(batch.receipts.length, outcome);
        return;
      }
      log.debug({ entry: batch.id, outcome, attempt }, "receipt batch re-evaluated");
    }
    throw new Error(`receipt batch ${batch.id} kept conflicting`);
  }

  /** Processes a batch; a failure is logged and the batch stays pending (taken over later). */
  async function settle(batch: QueuedBatch, after?: Promise<void>): Promise<void> {
    try {
      await processBatch(batch, after);
    } catch (error) {
      log.error({ err: error, entry: batch.id }, "receipt batch failed; it stays pending");
    }
  }

  async function run(): Promise<void> {
    await deps.queue.ensureGroup();
    // Up to `concurrency` batches in flight; a slot that frees is refilled at once (a read
    // asks only for free slots), so one slow batch never holds back the others. A relay's
    // batches are decided in the order they were read (their signatures verified meanwhile).
    const inFlight = new Set<Promise<void>>();
    const lastOf = new Map<string, Promise<void>>();
    const launch = (batch: QueuedBatch) => {
      const settled: Promise<void> = settle(batch, lastOf.get(batch.relay)).finally(() => {
        inFlight.delete(settled);
        if (lastOf.get(batch.relay) === settled) lastOf.delete(batch.relay);
      });
      inFlight.add(settled);
      lastOf.set(batch.relay, settled);
    };
    const slot = async () => {
      while (inFlight.size >= deps.concurrency) await Promise.race(inFlight);
    };
    let lastReclaim = 0;
    while (running) {
      try {
        await slot();
        if (!running) break;
        if (Date.now() - lastReclaim >= Math.min(deps.claimIdleMs, 5000)) {
          lastReclaim = Date.now();
          const stale = await deps.queue.reclaim(name, deps.claimIdleMs, 100);
          if (stale.length > 0)
            log.info({ batches: stale.length }, "took over pending receipt batches");
          for (const batch of stale) {
            await slot();
            launch(batch);
          }
          await deps.queue.pruneConsumers(CONSUMER_RETENTION_MS);
          await slot();
          if (!running) break;
        }
        const batches = await deps.queue.read(reader!, name, deps.concurrency - inFlight.size, 500);
        for (const batch of batches) launch(batch);
      } catch (error) {
        if (!running) break;
        log.warn({ err: error }, "receipt consumer error; retrying");
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await Promise.all(inFlight);
  }

  return {
    name,
    process: (batch) => processBatch(batch),
    start() {
      if (!loop) {
        running = true;
        reader = deps.redis.duplicate();
        reader.on("error", () => undefined);
        loop = run();
      }
      return loop;
    },
    async stop() {
      running = false;
      // The loop ends after its current read (BLOCK 500 ms) and the batches in flight. The reader is closed
      // after that, not under a read in flight: a Cluster client can drop such a command's
      // promise, which would leave stop() waiting forever. A loop stuck on a dead Redis is
      // given the grace (stopGraceMs), then the reader is closed anyway.
      if (!(await settlesWithin(loop, graceMs)))
        log.warn({ graceMs }, "receipt consumer still busy; closing its reader");
      reader?.disconnect();
      if (!(await settlesWithin(loop, graceMs)))
        log.error("receipt consumer loop did not end; leaving it");
      loop = undefined;
    },
  };
}
