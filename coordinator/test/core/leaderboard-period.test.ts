import { test } from "node:test";
import assert from "node:assert/strict";
import {
  epochsIn,
  MAX_PERIOD_EPOCHS,
  periodEpochs,
  type PeriodInput,
} from "../../src/core/leaderboard-period.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hourly = { genesisMs: 0, lengthMs: HOUR };

function input(overrides: Partial<PeriodInput>): PeriodInput {
  // Epoch 1000 is open (it started at 1000 h); 999 is the last closed one.
  return {
    period: "24h",
    now: 1000 * HOUR + 5 * 60_000,
    lastClosed: 999,
    schedule: hourly,
    retentionMs: 8 * DAY,
    ...overrides,
  };
}

test("epoch: the last closed epoch, none before the first close", () => {
  assert.deepEqual(periodEpochs(input({ period: "epoch" })), { fromEpoch: 999, toEpoch: 999 });
  assert.equal(periodEpochs(input({ period: "epoch", lastClosed: null })), undefined);
});

test("24h and 7d: the closed epochs whose end falls in the window", () => {
  // Ends 1000 h back to 977 h are within 24 h 5 min of now: epochs 999 down to 976.
  assert.deepEqual(periodEpochs(input({})), { fromEpoch: 976, toEpoch: 999 });
  assert.deepEqual(periodEpochs(input({ period: "7d" })), { fromEpoch: 832, toEpoch: 999 });
});

test("an end exactly at the window's start is outside it (24 hourly epochs, not 25)", () => {
  const range = periodEpochs(input({ now: 1000 * HOUR + 1000, lastClosed: 999 }))!;
  assert.equal(epochsIn(range).length, 24);
  const onBoundary = periodEpochs(input({ now: 1000 * HOUR, lastClosed: 999 }))!;
  assert.deepEqual(onBoundary, { fromEpoch: 976, toEpoch: 999 });
});

test("a close lagging behind the clock shortens the range from the top", () => {
  assert.deepEqual(periodEpochs(input({ lastClosed: 990 })), { fromEpoch: 976, toEpoch: 990 });
  // The last close is older than the window: nothing is covered.
  assert.equal(periodEpochs(input({ lastClosed: 900 })), undefined);
  assert.equal(periodEpochs(input({ period: "epoch", lastClosed: 0, now: 9 * DAY })), undefined);
});

test("a young deployment: the window starts before epoch 0", () => {
  assert.deepEqual(periodEpochs(input({ period: "7d", now: 5 * HOUR, lastClosed: 3 })), {
    fromEpoch: 0,
    toEpoch: 3,
  });
  const late = { genesisMs: 10 * DAY, lengthMs: HOUR };
  assert.deepEqual(
    periodEpochs(input({ schedule: late, now: 10 * DAY + 2 * HOUR, lastClosed: 1 })),
    {
      fromEpoch: 0,
      toEpoch: 1,
    },
  );
});

test("short epochs are cut to the newest MAX_PERIOD_EPOCHS", () => {
  const seconds = { genesisMs: 0, lengthMs: 1000 };
  const range = periodEpochs(
    input({ period: "7d", schedule: seconds, now: 10 * DAY, lastClosed: 10 * 86400 - 2 }),
  )!;
  assert.equal(epochsIn(range).length, MAX_PERIOD_EPOCHS);
  assert.equal(range.toEpoch, 10 * 86400 - 2);
});

test("retention shorter than the period bounds it", () => {
  assert.deepEqual(periodEpochs(input({ period: "7d", retentionMs: DAY })), {
    fromEpoch: 976,
    toEpoch: 999,
  });
});

test("epochsIn lists a range inclusively", () => {
  assert.deepEqual(epochsIn({ fromEpoch: 4, toEpoch: 6 }), [4, 5, 6]);
  assert.deepEqual(epochsIn({ fromEpoch: 4, toEpoch: 4 }), [4]);
});
