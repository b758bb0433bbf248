import { describe, expect, it } from "vitest";
import { SegmentBuffer, SegmentTimeoutError } from "./SegmentBuffer.ts";

const bytes = (n: number) => new Uint8Array([n]);

describe("SegmentBuffer", () => {
  it("resolves a wait as soon as the segment is put", async () => {
    const buffer = new SegmentBuffer();
    const waiting = buffer.waitFor(7, { timeoutMs: 1000 });
    expect(buffer.waiting).toBe(1);
    buffer.put(7, bytes(7));
    await expect(waiting).resolves.toEqual(bytes(7));
    expect(buffer.waiting).toBe(0);
  });
  it("answers at once when the segment is already there", async () => {
    const buffer = new SegmentBuffer();
    buffer.put(1, bytes(1));
    await expect(buffer.waitFor(1, { timeoutMs: 1 })).resolves.toEqual(bytes(1));
  });
  it("times out with the sequence", async () => {
    const error = await new SegmentBuffer().waitFor(9, { timeoutMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentTimeoutError);
    expect(error).toMatchObject({ sequence: 9 });
  });
  it("stops waiting when aborted", async () => {
    const buffer = new SegmentBuffer();
    const controller = new AbortController();
    const waiting = buffer.waitFor(3, { timeoutMs: 1000, signal: controller.signal });
    controller.abort(new Error("hls.js aborted"));
    await expect(waiting).rejects.toThrow("hls.js aborted");
    expect(buffer.waiting).toBe(0);
  });
  it("keeps only the newest segments", () => {
    const buffer = new SegmentBuffer(2);
    buffer.put(1, bytes(1));
    buffer.put(2, bytes(2));
    buffer.put(3, bytes(3));
    expect(buffer.get(1)).toBeUndefined();
    expect(buffer.get(3)).toEqual(bytes(3));
  });
});
