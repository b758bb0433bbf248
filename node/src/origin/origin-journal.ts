/**
 * The origin's durable memory of what it signed, so a crash or a restart can never make it sign
 * a second hash for a sequence (issue 9, finding 3). Per stream, in the origin's data directory:
 *
 * - `<streamId>.next.json` `{"nextSequence": n}`: no entry with sequence >= n was ever signed.
 *   Written atomically (temp file, fsync, rename, fsync of the directory) BEFORE the entry with
 *   sequence n - 1 is signed.
 * - `<streamId>.unpublished.jsonl`: signed entries the coordinator has not accepted yet, one JSON
 *   object a line, appended with fsync after signing and rewritten atomically when a batch is
 *   accepted. A torn last line (a crash mid-append) is ignored: its entry had not been sent yet.
 */
import { mkdir, open, readFile, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { signedManifestEntry, type SignedManifestEntry } from "@streamrp2p/protocol/api";
import { z } from "zod";

const nextSequenceFile = z.strictObject({ nextSequence: z.number().int().min(0) });
const STREAM_ID = /^0x[0-9a-fA-F]{64}$/;

export class OriginJournal {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Opens (creating it if needed) the journal in `dir`. */
  static async open(dir: string): Promise<OriginJournal> {
    await mkdir(dir, { recursive: true });
    return new OriginJournal(dir);
  }

  /** The next sequence this origin may sign for the stream, or undefined if it never signed one. */
  async nextSequence(streamId: `0x${string}`): Promise<number | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(streamId, "next.json"), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    return nextSequenceFile.parse(JSON.parse(text)).nextSequence;
  }

  /** Durably records that `sequence` is about to be signed; call before signing it. */
  async reserve(streamId: `0x${string}`, sequence: number): Promise<void> {
    await this.writeAtomically(
      this.path(streamId, "next.json"),
      `${JSON.stringify({ nextSequence: sequence + 1 })}\n`,
    );
  }

  /** Durably queues a signed entry for the coordinator. */
  async appendUnpublished(entry: SignedManifestEntry): Promise<void> {
    const file = await open(this.path(entry.streamId, "unpublished.jsonl"), "a");
    try {
      await file.appendFile(`${JSON.stringify(entry)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
  }

  /** Drops entries the coordinator accepted from the stream's queue. */
  async markPublished(streamId: `0x${string}`, sequences: readonly number[]): Promise<void> {
    const done = new Set(sequences);
    const left = (await this.unpublished(streamId)).filter((e) => !done.has(e.sequence));
    await this.writeAtomically(
      this.path(streamId, "unpublished.jsonl"),
      left.map((e) => `${JSON.stringify(e)}\n`).join(""),
    );
  }

  /** The stream's signed entries the coordinator has not accepted yet, in signing order. */
  async unpublished(streamId: `0x${string}`): Promise<SignedManifestEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path(streamId, "unpublished.jsonl"), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const lines = text.split("\n");
    // The last element is "" after a complete line, or a torn append that had not been sent yet.
    lines.pop();
    return lines.map((line) => signedManifestEntry.parse(JSON.parse(line)));
  }

  /** Streams with a queue file, for republishing after a restart. */
  async streamsWithUnpublished(): Promise<`0x${string}`[]> {
    const names = await readdir(this.dir);
    return names
      .filter((n) => n.endsWith(".unpublished.jsonl"))
      .map((n) => n.slice(0, -".unpublished.jsonl".length))
      .filter((id): id is `0x${string}` => STREAM_ID.test(id));
  }

  private path(streamId: `0x${string}`, suffix: string): string {
    if (!STREAM_ID.test(streamId)) throw new TypeError(`not a stream id: ${streamId}`);
    return join(this.dir, `${streamId.toLowerCase()}.${suffix}`);
  }

  private async writeAtomically(path: string, text: string): Promise<void> {
    const temp = `${path}.tmp`;
    const file = await open(temp, "w");
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    const dir = await open(this.dir, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
