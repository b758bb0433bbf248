/**
 * Prometheus metrics of the HTTP transport: answers per persona (all time, from the history
 * in Redis, so every advisor process reports the same), and tool calls by outcome.
 */
import { Counter, Gauge, Registry } from "prom-client";
import type { ConsultationStore } from "./history/consultation-store.ts";

export interface AdvisorMetrics {
  registry: Registry;
  toolCalls: Counter<"tool" | "outcome">;
}

export function createMetrics(store: ConsultationStore, registry = new Registry()): AdvisorMetrics {
  new Gauge({
    name: "advisor_persona_consultations",
    help: "Answers given per advisor persona, all time (from the consultation history in Redis).",
    labelNames: ["persona"] as const,
    registers: [registry],
    async collect() {
      const usage = await store.usage();
      for (const [persona, count] of Object.entries(usage)) this.set({ persona }, count);
    },
  });
  const toolCalls = new Counter({
    name: "advisor_tool_calls_total",
    help: "MCP tool calls served by this process, by tool and outcome (ok or error).",
    labelNames: ["tool", "outcome"] as const,
    registers: [registry],
  });
  return { registry, toolCalls };
}
