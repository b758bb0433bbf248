/**
 * Prometheus metrics of a node (prom-client), served at GET /metrics beside /status. The
 * counters and gauges are read from the node's status at scrape time; the upstream fetch
 * latency histogram is observed by the fetch the relay's pullers use (timedFetch).
 */
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
} from "prom-client";
import type { OriginStatus } from "../origin/start-origin.ts";
import type { RelayStatus } from "../relay/start-relay.ts";
import { NODE_VERSION } from "../version.ts";

export interface NodeMetrics {
  registry: Registry;
  /** The text exposition format, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** A counter that follows a monotonic total read at scrape time (a drop, e.g. a removed stream, adds nothing). */
function totalCounter(
  config: Omit<CounterConfiguration<string>, "collect">,
  read: () => number,
): Counter {
  let last = 0;
  return new Counter({
    ...config,
    collect() {
      const value = read();
      if (value > last) this.inc(value - last);
      last = Math.max(last, value);
    },
  });
}

function gauge(registry: Registry, name: string, help: string, read: () => number): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

function baseRegistry(mode: "origin" | "relay"): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "streamrp2p_" });
  new Gauge({
    name: "streamrp2p_node_info",
    help: "The node's mode and version (always 1)",
    labelNames: ["mode", "version"] as const,
    registers: [registry],
  }).set({ mode, version: NODE_VERSION }, 1);
  return registry;
}

function scraper(registry: Registry): NodeMetrics["scrape"] {
  return async () => ({ contentType: registry.contentType, body: await registry.metrics() });
}

export interface RelayMetrics extends NodeMetrics {
  upstreamFetchSeconds: Histogram<"outcome">;
}

export function createRelayMetrics(status: () => RelayStatus): RelayMetrics {
  const registry = baseRegistry("relay");
  const registers = [registry];
  const sum = (pick: (s: RelayStatus["streams"][number]) => number) => () =>
    status().streams.reduce((total, s) => total + pick(s), 0);
  totalCounter(
    { name: "streamrp2p_relay_bytes_served_total", help: "Segment bytes served", registers },
    () => status().bytesServed,
  );
  totalCounter(
    { name: "streamrp2p_relay_segments_served_total", help: "Segments served", registers },
    () => status().segmentsServed,
  );
  totalCounter(
    {
      name: "streamrp2p_relay_segments_verified_total",
      help: "Segments fetched upstream whose hash matched the origin-signed entry",
      registers,
    },
    sum((s) => s.fetched),
  );
  totalCounter(
    {
      name: "streamrp2p_relay_segments_refused_total",
      help: "Segments fetched upstream and refused (hash not the origin-signed one)",
      registers,
    },
    sum((s) => s.rejected),
  );
  totalCounter(
    { name: "streamrp2p_relay_upstream_errors_total", help: "Failed upstream fetches", registers },
    sum((s) => s.upstreamErrors),
  );
  totalCounter(
    {
      name: "streamrp2p_relay_receipts_sent_total",
      help: "Viewer receipts sent to the coordinator",
      registers,
    },
    () => status().receipts.sent,
  );
  gauge(
    registry,
    "streamrp2p_relay_receipts_pending",
    "Viewer receipts waiting to be sent to the coordinator",
    () => status().receipts.pending,
  );
  gauge(
    registry,
    "streamrp2p_relay_viewers",
    "Viewers seen in the last 10 s",
    () => status().viewers,
  );
  gauge(registry, "streamrp2p_relay_streams", "Streams carried", () => status().streams.length);
  gauge(
    registry,
    "streamrp2p_relay_cache_bytes",
    "Bytes in the segment cache",
    () => status().cacheBytes,
  );
  const upstreamFetchSeconds = new Histogram({
    name: "streamrp2p_relay_upstream_fetch_seconds",
    help: "Upstream (origin or relay) fetch time to the response headers, by outcome",
    labelNames: ["outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  return { registry, scrape: scraper(registry), upstreamFetchSeconds };
}

export function createOriginMetrics(status: () => OriginStatus): NodeMetrics {
  const registry = baseRegistry("origin");
  const registers = [registry];
  totalCounter(
    { name: "streamrp2p_origin_bytes_served_total", help: "Segment bytes served", registers },
    () => status().bytesServed,
  );
  totalCounter(
    {
      name: "streamrp2p_origin_manifest_entries_published_total",
      help: "Signed manifest entries the coordinator accepted",
      registers,
    },
    () => status().manifestPublished,
  );
  gauge(
    registry,
    "streamrp2p_origin_manifest_entries_pending",
    "Signed manifest entries the coordinator has not accepted yet",
    () => status().manifestPending,
  );
  gauge(
    registry,
    "streamrp2p_origin_live_streams",
    "Streams being published",
    () => status().streams.filter((s) => s.live).length,
  );
  return { registry, scrape: scraper(registry) };
}

/** A fetch that observes each call's time to the response headers in `histogram`. */
export function timedFetch(fetchImpl: typeof fetch, histogram: Histogram<"outcome">): typeof fetch {
  return async (input, init) => {
    const end = histogram.startTimer();
    try {
      const response = await fetchImpl(input, init);
      end({ outcome: response.ok ? "ok" : "http_error" });
      return response;
    } catch (error) {
      end({ outcome: "error" });
      throw error;
    }
  };
}
