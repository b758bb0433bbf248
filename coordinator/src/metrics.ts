/** The coordinator's Prometheus metrics, registered on a registry the caller owns. */
import { Counter, Histogram, type Registry } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(registry: Registry) {
  const registers = [registry];
  return {
    httpRequests: new Counter({
      name: "coordinator_http_requests_total",
      help: "HTTP requests by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "coordinator_http_request_duration_seconds",
      help: "HTTP request duration by method and route",
      labelNames: ["method", "route"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    errors: new Counter({
      name: "coordinator_errors_total",
      help: "Error responses by code",
      labelNames: ["code"] as const,
      registers,
    }),
    streamsCreated: new Counter({
      name: "coordinator_streams_created_total",
      help: "Streams created",
      registers,
    }),
    manifestEntries: new Counter({
      name: "coordinator_manifest_entries_total",
      help: "Manifest entries accepted (new, not re-posts)",
      registers,
    }),
    receiptsAccepted: new Counter({
      name: "coordinator_receipts_accepted_total",
      help: "Receipts queued by POST /v1/receipts",
      registers,
    }),
    batchesApplied: new Counter({
      name: "coordinator_receipt_batches_applied_total",
      help: "Receipt batches this process evaluated and applied (ok), or found applied by another (applied)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    heartbeats: new Counter({
      name: "coordinator_relay_heartbeats_total",
      help: "Relay heartbeats",
      registers,
    }),
    relayProbes: new Counter({
      name: "coordinator_relay_probes_total",
      help: "Probes of relays' advertised URLs, by outcome (reachable or the reason code)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    fallbackSessions: new Counter({
      name: "coordinator_fallback_sessions_total",
      help: "Viewer sessions sent to the unpaid fallback source because no relay could take them",
      registers,
    }),
    fetchLogEntries: new Counter({
      name: "coordinator_fetch_log_entries_total",
      help: "Fetch-log entries received",
      registers,
    }),
    logins: new Counter({
      name: "coordinator_logins_total",
      help: "Relay sign-ins by outcome",
      labelNames: ["outcome"] as const,
      registers,
    }),
    sessionsCreated: new Counter({
      name: "coordinator_sessions_created_total",
      help: "Viewer sessions created",
      registers,
    }),
    sessionsRefused: new Counter({
      name: "coordinator_sessions_refused_total",
      help: "Viewer sessions refused, by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    stakeLookups: new Counter({
      name: "coordinator_stake_lookups_total",
      help: "Stake status lookups by outcome (cache hit, chain read, error)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    auditChecks: new Counter({
      name: "coordinator_audit_checks_total",
      help: "Relay spot checks run, by outcome (pass, fail, inconclusive)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    auditFailures: new Counter({
      name: "coordinator_audit_failures_total",
      help: "Relay spot checks failed, by reason code",
      labelNames: ["code"] as const,
      registers,
    }),
  };
}
