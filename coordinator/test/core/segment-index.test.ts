import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildSegmentIndex,
  hasSequence,
  headSequence,
  segmentRange,
} from "../../src/core/segment-index.ts";

test("range sums over sparse sequences, garbage and duplicates dropped", () => {
  const index = buildSegmentIndex([
    { sequence: 5, size: 50, durationMs: 500 },
    { sequence: 1, size: 10, durationMs: 100 },
    { sequence: 3, size: 30, durationMs: 300 },
    { sequence: 3, size: 999, durationMs: 999 },
    { sequence: -1, size: 1, durationMs: 1 },
    { sequence: 7, size: Number.NaN, durationMs: 1 },
  ]);
  assert.deepEqual([...index.sequences], [1, 3, 5]);
  assert.deepEqual(segmentRange(index, 0, 10), { count: 3, bytes: 90, durationMs: 900 });
  assert.deepEqual(segmentRange(index, 2, 5), { count: 2, bytes: 80, durationMs: 800 });
  assert.deepEqual(segmentRange(index, 6, 2), { count: 0, bytes: 0, durationMs: 0 });
  assert.equal(hasSequence(index, 3), true);
  assert.equal(hasSequence(index, 4), false);
  assert.equal(headSequence(index), 5);
  assert.equal(headSequence(buildSegmentIndex([])), undefined);
});
