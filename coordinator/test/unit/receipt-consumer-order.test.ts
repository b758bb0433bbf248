/**
 * The receipt consumer keeps several batches in flight, but decides one relay's batches in the
 * order it read them, each on the baselines its predecessor left (read again after waiting);
 * other relays' batches do not wait for it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { pino } from "pino";
import { createReceiptConsumer } from "../../src/receipts/receipt-consumer.ts";
import type { LoadedEnvironment } from "../../src/receipts/receipt-environment.ts";
import type { QueuedBatch, ReceiptQueue } from "../../src/receipts/receipt-queue.ts";
import type { RedisClient } from "../../src/store/redis-client.ts";

const A = `0x${"aa".repeat(20)}` as const;
const B = `0x${"bb".repeat(20)}` as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function environment(submitter: string, now: number): LoadedEnvironment {
  return {
    submitter,
    now,
    policy: {} as never,
    pairs: [],
    rawStates: new Map(),
    session: () => undefined,
    relay: () => undefined,
    manifest: () => undefined,
    fetched: () => undefined,
    state: () => undefined,
  };
}

test("a relay's batches are decided in stream order, other relays' meanwhile", async () => {
  const events: string[] = [];
  // Each batch's one (malformed) receipt says how long loading its environment takes.
  const batches: QueuedBatch[] = [
    { id: "1-0", relay: A, at: 1, receipts: [{ loadMs: 150 }] },
    { id: "2-0", relay: A, at: 2, receipts: [{ loadMs: 0 }] },
    { id: "3-0", relay: B, at: 3, receipts: [{ loadMs: 0 }] },
  ];
  let delivered = false;
  const queue = {
    ensureGroup: async () => undefined,
    reclaim: async () => [],
    pruneConsumers: async () => 0,
    read: async (_reader: unknown, _name: string, count: number) => {
      if (delivered) {
        await sleep(20);
        return [];
      }
      delivered = true;
      assert.equal(count, 4);
      return batches;
    },
    done: async (id: string) => void events.push(`done ${id}`),
  } as unknown as ReceiptQueue;
  const reader = { on: () => reader, disconnect: () => undefined };
  const consumer = createReceiptConsumer({
    redis: { duplicate: () => reader } as unknown as RedisClient,
    queue,
    ledger: {
      apply: async ({ entryId }: { entryId: string }) => {
        events.push(`apply ${entryId}`);
        return "ok";
      },
    } as never,
    load: {
      load: async (relay: string, receipts: readonly unknown[], at: number) => {
        await sleep((receipts[0] as { loadMs: number }).loadMs);
        events.push(`loaded ${at}`);
        return environment(relay, at);
      },
      refreshStates: async (env: LoadedEnvironment) => {
        events.push(`refreshed ${env.now}`);
        return env;
      },
    } as never,
    verifier: { verifyMany: async () => [], verify: () => false } as never,
    epochFor: async () => 0,
    logger: pino({ level: "silent" }),
    concurrency: 4,
    claimIdleMs: 30_000,
    stateTtlMs: 60_000,
  });
  void consumer.start();
  while (events.filter((e) => e.startsWith("done")).length < 3) await sleep(10);
  await consumer.stop();

  const at = (event: string) => events.indexOf(event);
  assert.ok(at("loaded 2") < at("loaded 1"), "the second batch loaded while the first did");
  assert.ok(at("apply 1-0") < at("refreshed 2"), "the second waited for the first's apply");
  assert.ok(at("refreshed 2") < at("apply 2-0"), "and was decided on fresh baselines");
  assert.ok(at("apply 3-0") < at("apply 1-0"), "another relay's batch did not wait");
  assert.equal(events.filter((e) => e.startsWith("refreshed")).length, 1);
});
