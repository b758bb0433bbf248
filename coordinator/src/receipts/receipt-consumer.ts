/**
 * The receipt consumer that runs in every coordinator process: reads accepted batches from
 * the consumer group, evaluates each with the pure core (signatures verified on the thread
 * pool), applies the effects atomically (receipt-ledger.ts), then acknowledges. Batches a
 * dead process left pending are taken over after RECEIPT_CLAIM_IDLE_MS.
 */
import { randomBytes } from "node:crypto";
import { settlesWithin } from "../settles-within.ts";
import type { RedisClient } from "../store/redis-client.ts";
import type { Logger } from "pino";
import { evaluateReceiptBatchParallel, sessionRelayKey } from "../core/evaluate-receipt.ts";
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
  /** Processes one batch (exposed for tests and the benchmark). */
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

  async function processBatch(batch: QueuedBatch): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const env = await deps.load(batch.relay, batch.receipts, batch.at);
      const { decisions, states } = await evaluateReceiptBatchParallel(
        batch.receipts,
        env,
        deps.verifier.verifyMany,
      );
      const pairs = [...states].map(([key, state]) => {
        const [sessionId, relay] = key.split("|") as [string, string];
        return {
          sessionId,
          relay,
          expected: env.rawStates.get(sessionRelayKey(sessionId, relay)) ?? "",
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

  async function processAll(batches: QueuedBatch[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        try {
          await processBatch(batch);
        } catch (error) {
          log.error({ err: error, entry: batch.id }, "receipt batch failed; it stays pending");
        }
      }
    };
    await Promise.all(Array.from({ length: deps.concurrency }, worker));
  }

  async function run(): Promise<void> {
    await deps.queue.ensureGroup();
    let lastReclaim = 0;
    while (running) {
      try {
        if (Date.now() - lastReclaim >= Math.min(deps.claimIdleMs, 5000)) {
          lastReclaim = Date.now();
          const stale = await deps.queue.reclaim(name, deps.claimIdleMs, 100);
          if (stale.length > 0) {
            log.info({ batches: stale.length }, "took over pending receipt batches");
            await processAll(stale);
          }
          await deps.queue.pruneConsumers(CONSUMER_RETENTION_MS);
        }
        const batches = await deps.queue.read(reader!, name, deps.concurrency * 4, 500);
        await processAll(batches);
      } catch (error) {
        if (!running) break;
        log.warn({ err: error }, "receipt consumer error; retrying");
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  return {
    name,
    process: processBatch,
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
      // The loop ends after its current read (BLOCK 500 ms) and batches. The reader is closed
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
