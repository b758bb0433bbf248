/**
 * The MCP server: the four ask_* tools, the grounding tools and resources, the history tools,
 * and the personas as prompts. Built by a factory from its dependencies, once per connection
 * (stdio: once; Streamable HTTP: once per session).
 */
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import { z } from "zod";
import { consult, advisorPrompt, type ConsultDeps } from "./consult.ts";
import { AdvisorError, NO_MODEL_HELP } from "./errors.ts";
import { fraudDecisions, fraudDecisionsSchema } from "./grounding/fraud-decisions.ts";
import { gatherGrounding } from "./grounding/gather.ts";
import { leaderboard, leaderboardSchema } from "./grounding/leaderboard.ts";
import { networkSummary, networkSummarySchema } from "./grounding/network-summary.ts";
import { poolRunway, poolRunwaySchema } from "./grounding/pool-runway.ts";
import { relayEarnings, relayEarningsSchema } from "./grounding/relay-earnings.ts";
import {
  consultationSchema,
  consultationSummarySchema,
  type Consultation,
} from "./history/consultation.ts";
import type { AdvisorMetrics } from "./metrics.ts";
import type { Model } from "./model/model.ts";
import { clientSupportsSampling, samplingModel } from "./model/sampling-model.ts";
import { PERSONA_IDS, PERSONAS, type PersonaId } from "./personas.ts";

export const SERVER_NAME = "streamrp2p-advisor";
export const SERVER_VERSION = "0.1.0";

export interface ServerDeps extends ConsultDeps {
  /** The configured LLM provider, used when the client offers no sampling (or it fails). */
  providerModel?: Model | undefined;
  modelTimeoutMs: number;
  metrics?: AdvisorMetrics | undefined;
  logger: Logger;
}

const addressInput = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address")
  .describe("A relay's address (0x...)");
const poolIdInput = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,76})$/, "expected a pool id as a decimal string")
  .describe("A reward pool id, as a decimal string");

export const askInput = z.strictObject({
  question: z.string().trim().min(1).max(4000).describe("What you want the advisor's view on"),
  context: z
    .string()
    .max(8000)
    .optional()
    .describe("Anything the advisor should know beyond the live network figures"),
  relay: addressInput.optional().describe("Focus on this relay: its earnings and withheld bytes"),
  poolId: poolIdInput.optional().describe("Focus on this reward pool: balance, spend, runway"),
});
type AskInput = z.infer<typeof askInput>;

const lower = (a: string) => a.toLowerCase() as `0x${string}`;

const json = (value: unknown) => JSON.stringify(value, null, 2);

function answerText(c: Consultation): string {
  const blocks = c.answers.map((a) =>
    c.answers.length > 1 ? `## ${a.title}\n\n${a.answer}` : a.answer,
  );
  if (c.synthesis) blocks.push(`## Synthesis\n\n${c.synthesis.answer}`);
  blocks.push(`(consultation ${c.id}, saved to ${c.file})`);
  return blocks.join("\n\n");
}

/** Sampling first; the configured provider when the client has none or its sampling fails. */
function withFallback(primary: Model, fallback: Model | undefined, logger: Logger): Model {
  if (!fallback) return primary;
  return async (request) => {
    try {
      return await primary(request);
    } catch (error) {
      logger.warn({ err: error }, "sampling failed; asking the configured provider");
      return fallback(request);
    }
  };
}

export function createAdvisorServer(deps: ServerDeps): McpServer {
  const { logger } = deps;
  const mcp = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION, title: "StreamrP2P advisors" },
    {
      capabilities: { logging: {} },
      instructions:
        "Three advisors to the StreamrP2P project (infrastructure, economics, community), grounded in the live network: call ask_all_advisors for a panel, or one ask_* tool. The get_* tools and streamrp2p:// resources return the live figures they read. Answers need a model: this client's sampling, or an LLM provider configured on the server.",
    },
  );

  function modelFor(requestId: string | number): Model {
    if (clientSupportsSampling(mcp.server))
      return withFallback(
        samplingModel(mcp.server, requestId, deps.modelTimeoutMs),
        deps.providerModel,
        logger,
      );
    if (deps.providerModel) return deps.providerModel;
    throw new AdvisorError("NO_MODEL", `no model can answer. ${NO_MODEL_HELP}`);
  }

  async function run<T extends Record<string, unknown>>(
    tool: string,
    work: () => Promise<T>,
    text: (result: T) => string = json,
  ): Promise<CallToolResult> {
    try {
      const result = await work();
      deps.metrics?.toolCalls.inc({ tool, outcome: "ok" });
      return { content: [{ type: "text", text: text(result) }], structuredContent: result };
    } catch (error) {
      deps.metrics?.toolCalls.inc({ tool, outcome: "error" });
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof AdvisorError) logger.warn({ tool, code: error.code }, message);
      else logger.error({ tool, err: error }, "tool failed");
      return { isError: true, content: [{ type: "text", text: message }] };
    }
  }

  function ask(personas: readonly PersonaId[]) {
    return (input: AskInput, extra: { requestId: string | number }) =>
      run(
        personas.length > 1 ? "ask_all_advisors" : PERSONAS[personas[0]!].tool,
        async () =>
          consult(deps, modelFor(extra.requestId), {
            personas,
            question: input.question,
            userContext: input.context,
            relay: input.relay ? lower(input.relay) : undefined,
            poolId: input.poolId,
          }),
        answerText,
      );
  }

  for (const id of PERSONA_IDS) {
    const persona = PERSONAS[id];
    mcp.registerTool(
      persona.tool,
      {
        title: persona.title,
        description: `Ask ${persona.title}: ${persona.summary} The advisor reads the live network first (coordinator API and chain). Answers come from the client's model through sampling, else the server's configured LLM provider; the consultation is saved (get_consultation).`,
        inputSchema: askInput,
        outputSchema: consultationSchema,
        annotations: { readOnlyHint: false, openWorldHint: true },
      },
      ask([id]),
    );
  }
  mcp.registerTool(
    "ask_all_advisors",
    {
      title: "All three advisors",
      description:
        "Ask the three advisors in parallel (infrastructure, economics, community), each grounded in the live network, then get a short synthesis of where they agree and disagree. Saved like every consultation.",
      inputSchema: askInput,
      outputSchema: consultationSchema,
      annotations: { readOnlyHint: false, openWorldHint: true },
    },
    ask(PERSONA_IDS),
  );

  mcp.registerTool(
    "get_network_summary",
    {
      title: "Network summary",
      description:
        "Live streams, relays (live, staked, by tier), viewers, bytes verified and rejected this epoch, receipts by decision, and pool totals, from the coordinator.",
      inputSchema: z.strictObject({}),
      outputSchema: networkSummarySchema,
      annotations: { readOnlyHint: true },
    },
    () => run("get_network_summary", () => networkSummary(deps)),
  );
  mcp.registerTool(
    "get_relay_earnings",
    {
      title: "Relay earnings",
      description:
        "One relay: verified and rejected bytes in an epoch (default: current), receipts by decision, withheld/rejected bytes by reason with the latest explanation, earnings per closed epoch and pool, and its stake on-chain when a chain is configured.",
      inputSchema: z.strictObject({
        relay: addressInput,
        epoch: z.number().int().nonnegative().optional().describe("Epoch (default: current)"),
      }),
      outputSchema: relayEarningsSchema,
      annotations: { readOnlyHint: true },
    },
    ({ relay, epoch }) => run("get_relay_earnings", () => relayEarnings(deps, lower(relay), epoch)),
  );
  mcp.registerTool(
    "get_pool_runway",
    {
      title: "Pool balance, spend and runway",
      description:
        "One reward pool: balance (on-chain when a chain is configured), attested, claimed and outstanding amounts, spend per recent closed epoch, and runway at the observed spend and at the epoch budget.",
      inputSchema: z.strictObject({ poolId: poolIdInput }),
      outputSchema: poolRunwaySchema,
      annotations: { readOnlyHint: true },
    },
    ({ poolId }) => run("get_pool_runway", () => poolRunway(deps, poolId)),
  );
  mcp.registerTool(
    "get_leaderboard",
    {
      title: "Leaderboard",
      description:
        "Relays ranked by verified bytes or attested earnings (all time), with each one's share and how concentrated the top is.",
      inputSchema: z.strictObject({
        by: z.enum(["bytes", "earnings"]).default("bytes"),
        limit: z.number().int().min(1).max(1000).default(20),
      }),
      outputSchema: leaderboardSchema,
      annotations: { readOnlyHint: true },
    },
    ({ by, limit }) => run("get_leaderboard", () => leaderboard(deps, by, limit)),
  );
  mcp.registerTool(
    "get_fraud_decisions",
    {
      title: "Recent fraud decisions",
      description:
        "Receipts withheld or rejected by the coordinator's fraud checks in the current and last closed epoch, per relay, with the bytes and the latest explanation per reason, largest first.",
      inputSchema: z.strictObject({ limit: z.number().int().min(1).max(200).default(20) }),
      outputSchema: fraudDecisionsSchema,
      annotations: { readOnlyHint: true },
    },
    ({ limit }) => run("get_fraud_decisions", () => fraudDecisions(deps, limit)),
  );

  mcp.registerTool(
    "list_consultations",
    {
      title: "Consultation history",
      description: "Past consultations, newest first (optionally only one persona's).",
      inputSchema: z.strictObject({
        limit: z.number().int().min(1).max(200).default(20),
        persona: z.enum(PERSONA_IDS).optional(),
      }),
      outputSchema: z.object({ consultations: z.array(consultationSummarySchema) }),
      annotations: { readOnlyHint: true },
    },
    ({ limit, persona }) =>
      run("list_consultations", async () => ({
        consultations: await deps.store.list({ limit, ...(persona ? { persona } : {}) }),
      })),
  );
  mcp.registerTool(
    "get_consultation",
    {
      title: "One consultation",
      description:
        "A past consultation: question, context, live figures used, every answer, model and time, and its markdown file.",
      inputSchema: z.strictObject({ id: z.string().min(1).max(100) }),
      outputSchema: consultationSchema,
      annotations: { readOnlyHint: true },
    },
    ({ id }) =>
      run("get_consultation", async () => {
        const c = await deps.store.get(id);
        if (!c) throw new AdvisorError("NOT_FOUND", `no consultation ${id}`);
        return c;
      }),
  );

  for (const id of PERSONA_IDS) {
    const persona = PERSONAS[id];
    mcp.registerPrompt(
      persona.prompt,
      {
        title: persona.title,
        description: `${persona.summary} Carries the persona and the live network figures, to run with your own model.`,
        argsSchema: {
          question: z.string().min(1).max(4000).describe("What you want the advisor's view on"),
          context: z
            .string()
            .max(8000)
            .optional()
            .describe("Anything else the advisor should know"),
        },
      },
      async ({ question, context }) => {
        const { figures, errors } = await gatherGrounding(deps, [id], {});
        return {
          description: persona.title,
          messages: [
            {
              role: "user",
              content: {
                type: "text",
                text: `${persona.system}\n\n${advisorPrompt(question, context, figures, errors)}`,
              },
            },
          ],
        };
      },
    );
  }

  const resource = (uri: URL, value: unknown): ReadResourceResult => ({
    contents: [{ uri: uri.href, mimeType: "application/json", text: json(value) }],
  });
  mcp.registerResource(
    "network-summary",
    "streamrp2p://network/summary",
    {
      title: "Network summary",
      description: "The live network at a glance (same as get_network_summary).",
      mimeType: "application/json",
    },
    async (uri) => resource(uri, await networkSummary(deps)),
  );
  mcp.registerResource(
    "fraud-decisions",
    "streamrp2p://fraud/recent",
    {
      title: "Recent fraud decisions",
      description: "Withheld and rejected receipts, current and last closed epoch.",
      mimeType: "application/json",
    },
    async (uri) => resource(uri, await fraudDecisions(deps, 50)),
  );
  mcp.registerResource(
    "leaderboard",
    new ResourceTemplate("streamrp2p://leaderboard/{by}", {
      list: async () => ({
        resources: (["bytes", "earnings"] as const).map((by) => ({
          uri: `streamrp2p://leaderboard/${by}`,
          name: `leaderboard by ${by}`,
          mimeType: "application/json",
        })),
      }),
    }),
    {
      title: "Leaderboard",
      description: "Relays ranked by bytes or earnings.",
      mimeType: "application/json",
    },
    async (uri, { by }) =>
      resource(uri, await leaderboard(deps, by === "earnings" ? "earnings" : "bytes", 100)),
  );
  mcp.registerResource(
    "relay-earnings",
    new ResourceTemplate("streamrp2p://relays/{address}/earnings", {
      list: async () => {
        const { relays } = await deps.coordinator.relays();
        return {
          resources: relays.slice(0, 100).map((r) => ({
            uri: `streamrp2p://relays/${r.address}/earnings`,
            name: `relay ${r.address}`,
            mimeType: "application/json",
          })),
        };
      },
    }),
    {
      title: "Relay earnings",
      description: "One relay's earnings, decisions and withheld reasons.",
      mimeType: "application/json",
    },
    async (uri, { address }) =>
      resource(uri, await relayEarnings(deps, lower(addressInput.parse(String(address))))),
  );
  mcp.registerResource(
    "pool-runway",
    new ResourceTemplate("streamrp2p://pools/{poolId}/runway", {
      list: async () => {
        const { pools } = await deps.coordinator.pools();
        return {
          resources: pools.map((p) => ({
            uri: `streamrp2p://pools/${p.poolId}/runway`,
            name: `pool ${p.poolId}`,
            mimeType: "application/json",
          })),
        };
      },
    }),
    {
      title: "Pool runway",
      description: "One reward pool's balance, spend and runway.",
      mimeType: "application/json",
    },
    async (uri, { poolId }) =>
      resource(uri, await poolRunway(deps, poolIdInput.parse(String(poolId)))),
  );
  mcp.registerResource(
    "consultation",
    new ResourceTemplate("streamrp2p://consultations/{id}", {
      list: async () => ({
        resources: (await deps.store.list({ limit: 50 })).map((c) => ({
          uri: `streamrp2p://consultations/${c.id}`,
          name: c.question.slice(0, 80),
          mimeType: "application/json",
        })),
      }),
    }),
    { title: "Consultation", description: "A past consultation.", mimeType: "application/json" },
    async (uri, { id }) => {
      const c = await deps.store.get(String(id));
      if (!c) throw new AdvisorError("NOT_FOUND", `no consultation ${String(id)}`);
      return resource(uri, c);
    },
  );
  return mcp;
}
