import {
  LoadStats,
  XhrLoader,
  type FragmentLoaderConstructor,
  type FragmentLoaderContext,
  type Loader,
  type LoaderCallbacks,
  type LoaderConfiguration,
  type LoaderContext,
  type PlaylistLoaderConstructor,
} from "hls.js";
import { SegmentTimeoutError, type SegmentBuffer } from "./SegmentBuffer.ts";

export interface HlsLoaderSource {
  readonly buffer: SegmentBuffer;
  /** The playlist URL on the relay currently in use (changes on failover). */
  readonly playlistUrl: () => string | undefined;
}

/**
 * hls.js loaders backed by the viewer client: playlists are fetched from whichever relay the
 * viewer currently uses (so failover moves hls.js too), and media segments and LL-HLS parts
 * are never fetched by hls.js at all: they come out of the buffer of segments and parts the
 * viewer has already verified against the origin's signed manifest and part entries.
 */
export function createHlsLoaders(source: HlsLoaderSource) {
  class RelayPlaylistLoader extends XhrLoader {
    override load(
      context: LoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<LoaderContext>,
    ): void {
      context.url = source.playlistUrl() ?? context.url;
      super.load(context, config, callbacks);
    }
  }

  class VerifiedSegmentLoader implements Loader<FragmentLoaderContext> {
    context: FragmentLoaderContext | null = null;
    stats = new LoadStats();
    private controller: AbortController | undefined;
    private callbacks: LoaderCallbacks<FragmentLoaderContext> | undefined;
    /** The load has ended (success, error or timeout): aborting it now does nothing. */
    private settled = false;

    load(
      context: FragmentLoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<FragmentLoaderContext>,
    ): void {
      this.context = context;
      this.callbacks = callbacks;
      this.stats = new LoadStats();
      this.settled = false;
      this.stats.loading.start = performance.now();
      const sequence = context.frag.sn;
      if (typeof sequence !== "number") {
        callbacks.onError(
          { code: 0, text: "initialisation segments are not supported" },
          context,
          null,
          this.stats,
        );
        return;
      }
      const controller = new AbortController();
      this.controller = controller;
      const timeoutMs = config.loadPolicy.maxLoadTimeMs || 10_000;
      const part = context.part?.index;
      source.buffer.waitFor(sequence, { timeoutMs, signal: controller.signal, part }).then(
        (bytes) => {
          if (controller.signal.aborted) return;
          this.settled = true;
          const now = performance.now();
          this.stats.loading.first = now;
          this.stats.loading.end = now;
          this.stats.loaded = this.stats.total = bytes.byteLength;
          const data = bytes.buffer.slice(
            bytes.byteOffset,
            bytes.byteOffset + bytes.byteLength,
          ) as ArrayBuffer;
          callbacks.onSuccess({ url: context.url, data }, this.stats, context, null);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          this.settled = true;
          if (error instanceof SegmentTimeoutError) callbacks.onTimeout(this.stats, context, null);
          else
            callbacks.onError(
              { code: 0, text: error instanceof Error ? error.message : String(error) },
              context,
              null,
              this.stats,
            );
        },
      );
    }

    /** hls.js gave up on this load: stop waiting and tell it (only while still waiting). */
    abort(): void {
      if (!this.controller || this.controller.signal.aborted || this.settled) return;
      this.controller.abort();
      this.stats.aborted = true;
      if (this.context) this.callbacks?.onAbort?.(this.stats, this.context, null);
    }

    /**
     * hls.js is done with the loader (it calls this from inside onSuccess too): release it
     * silently, as XhrLoader does, never reporting an abort.
     */
    destroy(): void {
      this.callbacks = undefined;
      this.controller?.abort();
      this.context = null;
    }
  }

  return {
    pLoader: RelayPlaylistLoader as unknown as PlaylistLoaderConstructor,
    fLoader: VerifiedSegmentLoader as FragmentLoaderConstructor,
  };
}
