/** The origin's sequence rules and its on-disk journal (real files in a temp directory). */
import assert from "node:assert/strict";
import { appendFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";
import { OriginJournal } from "../src/origin/origin-journal.ts";
import { resolveNextSequence } from "../src/origin/resolve-next-sequence.ts";

const STREAM = `0x${"22".repeat(32)}` as const;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "origin-journal-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (sequence: number): SignedManifestEntry => ({
  streamId: STREAM,
  sequence,
  size: 1000,
  durationMs: 1000,
  hash: `0x${String(sequence).padStart(2, "0").repeat(32)}`,
  signature: `0x${"ab".repeat(65)}`,
});

test("the next sequence: the highest of the journal and the coordinator", () => {
  const reachable = (lastSequence: number | null) => ({ reachable: true as const, lastSequence });
  assert.deepEqual(resolveNextSequence(undefined, reachable(null)), { known: true, next: 0 });
  assert.deepEqual(resolveNextSequence(undefined, reachable(7)), { known: true, next: 8 });
  assert.deepEqual(resolveNextSequence(12, reachable(7)), { known: true, next: 12 });
  assert.deepEqual(resolveNextSequence(3, reachable(7)), { known: true, next: 8 });
  assert.deepEqual(resolveNextSequence(12, { reachable: false }), { known: true, next: 12 });
});

test("no journal and no coordinator: unknown, never 0", () => {
  assert.deepEqual(resolveNextSequence(undefined, { reachable: false }), { known: false });
});

test("a reserved sequence survives reopening the journal", async () => {
  const journal = await OriginJournal.open(join(dir, "reserve"));
  assert.equal(await journal.nextSequence(STREAM), undefined);
  await journal.reserve(STREAM, 41);
  const reopened = await OriginJournal.open(join(dir, "reserve"));
  assert.equal(await reopened.nextSequence(STREAM), 42);
  assert.deepEqual(await readdir(join(dir, "reserve")), [`${STREAM}.next.json`], "no temp file");
});

test("unpublished entries are kept until marked published; a torn last line is ignored", async () => {
  const journal = await OriginJournal.open(join(dir, "queue"));
  for (const s of [0, 1, 2]) await journal.appendUnpublished(entry(s));
  await journal.markPublished(STREAM, [0, 1]);
  await journal.appendUnpublished(entry(3));
  await appendFile(join(dir, "queue", `${STREAM}.unpublished.jsonl`), '{"streamId":"0x');
  const reopened = await OriginJournal.open(join(dir, "queue"));
  assert.deepEqual(await reopened.streamsWithUnpublished(), [STREAM]);
  assert.deepEqual(await reopened.unpublished(STREAM), [entry(2), entry(3)]);
});
