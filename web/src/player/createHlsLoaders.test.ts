import { describe, expect, it, vi } from "vitest";
import type { FragmentLoaderContext, LoaderCallbacks, LoaderConfiguration } from "hls.js";
import { createHlsLoaders } from "./createHlsLoaders.ts";
import { SegmentBuffer } from "./SegmentBuffer.ts";

const config = {
  loadPolicy: { maxLoadTimeMs: 50, maxTimeToFirstByteMs: 50, timeoutRetry: null, errorRetry: null },
} as unknown as LoaderConfiguration;
const context = (sn: number | "initSegment") =>
  ({ url: "http://relay/streams/x/7.ts", frag: { sn } }) as unknown as FragmentLoaderContext;
const callbacks = () =>
  ({
    onSuccess: vi.fn(),
    onError: vi.fn(),
    onTimeout: vi.fn(),
    onAbort: vi.fn(),
  }) satisfies LoaderCallbacks<FragmentLoaderContext>;

describe("the verified segment loader", () => {
  it("hands hls.js the verified bytes of the requested sequence", async () => {
    const buffer = new SegmentBuffer();
    const { fLoader } = createHlsLoaders({ buffer, playlistUrl: () => undefined });
    const loader = new fLoader({} as never);
    const cb = callbacks();
    loader.load(context(7), config, cb);
    buffer.put(7, new Uint8Array([1, 2, 3]));
    await vi.waitFor(() => expect(cb.onSuccess).toHaveBeenCalled());
    const [response, stats] = cb.onSuccess.mock.calls[0]!;
    expect(new Uint8Array(response.data as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(stats.loaded).toBe(3);
  });

  it("hands hls.js a verified LL-HLS part, not its whole segment", async () => {
    const buffer = new SegmentBuffer();
    const { fLoader } = createHlsLoaders({ buffer, playlistUrl: () => undefined });
    const cb = callbacks();
    const partContext = {
      url: "http://relay/streams/x/7.1.ts",
      frag: { sn: 7 },
      part: { index: 1 },
    } as unknown as FragmentLoaderContext;
    new fLoader({} as never).load(partContext, config, cb);
    buffer.put(7, new Uint8Array([0]), 0);
    buffer.put(7, new Uint8Array([7, 1]), 1);
    await vi.waitFor(() => expect(cb.onSuccess).toHaveBeenCalled());
    expect(new Uint8Array(cb.onSuccess.mock.calls[0]![0].data as ArrayBuffer)).toEqual(
      new Uint8Array([7, 1]),
    );
  });

  it("does not report an abort when hls.js destroys the loader from inside onSuccess", async () => {
    const buffer = new SegmentBuffer();
    const { fLoader } = createHlsLoaders({ buffer, playlistUrl: () => undefined });
    const loader = new fLoader({} as never);
    const cb = callbacks();
    cb.onSuccess.mockImplementation(() => loader.destroy());
    buffer.put(4, new Uint8Array([4]));
    loader.load(context(4), config, cb);
    await vi.waitFor(() => expect(cb.onSuccess).toHaveBeenCalled());
    loader.abort();
    expect(cb.onAbort).not.toHaveBeenCalled();
  });

  it("reports a timeout when the segment never arrives", async () => {
    const { fLoader } = createHlsLoaders({
      buffer: new SegmentBuffer(),
      playlistUrl: () => undefined,
    });
    const cb = callbacks();
    new fLoader({} as never).load(context(8), config, cb);
    await vi.waitFor(() => expect(cb.onTimeout).toHaveBeenCalled());
    expect(cb.onSuccess).not.toHaveBeenCalled();
  });

  it("stops waiting when hls.js aborts", async () => {
    const buffer = new SegmentBuffer();
    const { fLoader } = createHlsLoaders({ buffer, playlistUrl: () => undefined });
    const loader = new fLoader({} as never);
    const cb = callbacks();
    loader.load(context(9), config, cb);
    loader.abort();
    expect(cb.onAbort).toHaveBeenCalled();
    expect(loader.stats.aborted).toBe(true);
    buffer.put(9, new Uint8Array([9]));
    await new Promise((r) => setTimeout(r, 10));
    expect(cb.onSuccess).not.toHaveBeenCalled();
  });

  it("refuses initialisation segments", () => {
    const { fLoader } = createHlsLoaders({
      buffer: new SegmentBuffer(),
      playlistUrl: () => undefined,
    });
    const cb = callbacks();
    new fLoader({} as never).load(context("initSegment"), config, cb);
    expect(cb.onError).toHaveBeenCalled();
  });
});
