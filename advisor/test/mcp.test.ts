/**
 * The advisor driven through the MCP SDK's own client, over Streamable HTTP (in-process
 * server) and stdio (the CLI spawned with this Node), against a real coordinator and Redis.
 * The only stand-in is the model: the test client answers sampling requests itself.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  type CallToolResult,
  type CreateMessageRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { pino } from "pino";
import { createAdvisor, type Advisor } from "../src/advisor.ts";
import { defineConfig } from "../src/config.ts";
import { createHttpApp, listen, type Listening } from "../src/http.ts";
import {
  EPOCH_BUDGET,
  POOL_BALANCE,
  SESSIONS,
  startLiveNetwork,
  type LiveNetwork,
} from "./support/live-network.ts";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const PREFIX = "sp2p-advisor-test:";

const ASK_TOOLS = [
  "ask_all_advisors",
  "ask_community_catalyst",
  "ask_economic_architect",
  "ask_infrastructure_visionary",
];
const TOOLS = [
  ...ASK_TOOLS,
  "get_consultation",
  "get_fraud_decisions",
  "get_leaderboard",
  "get_network_summary",
  "get_pool_runway",
  "get_relay_earnings",
  "list_consultations",
].sort();

type Sampled = CreateMessageRequest["params"];

/** The model stand-in: names the persona it was asked as, and echoes the question. */
function modelAnswer(params: Sampled): string {
  const persona = /You are the ([A-Za-z ]+)\./.exec(params.systemPrompt ?? "")?.[1] ?? "Moderator";
  const message = params.messages[0]!.content;
  const text = !Array.isArray(message) && message.type === "text" ? message.text : "";
  const question = /^Question: (.*)$/m.exec(text)?.[1] ?? "";
  return `${persona} says: about "${question}", the figures look healthy.`;
}

function samplingClient(seen: Sampled[]): Client {
  const client = new Client(
    { name: "advisor-test", version: "1.0.0" },
    { capabilities: { sampling: {} } },
  );
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    seen.push(request.params);
    return {
      model: "test-model-1",
      role: "assistant",
      content: { type: "text", text: modelAnswer(request.params) },
    };
  });
  return client;
}

const text = (r: CallToolResult) =>
  r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
const structured = (r: Awaited<ReturnType<Client["callTool"]>>) => {
  assert.ok(!r.isError, `tool failed: ${text(r as CallToolResult)}`);
  return r.structuredContent as any;
};
const userText = (p: Sampled) => {
  const c = p.messages[0]!.content;
  return !Array.isArray(c) && c.type === "text" ? c.text : "";
};

let net: LiveNetwork;
before(async () => {
  net = await startLiveNetwork();
});
after(() => net?.close());

describe("Streamable HTTP transport", () => {
  let advisor: Advisor;
  let server: Listening;
  let client: Client;
  const seen: Sampled[] = [];

  before(async () => {
    const config = defineConfig({
      port: 0,
      coordinatorUrl: net.pipeline.url,
      redisUrl: net.pipeline.redisServer!.url,
      redisPrefix: PREFIX,
      historyDir: net.historyDir,
      logLevel: "silent",
    });
    advisor = createAdvisor(config, pino({ level: "silent" }));
    server = await listen(createHttpApp({ ...advisor.deps, host: config.host }), 0, config.host);
    client = samplingClient(seen);
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  });
  after(async () => {
    await client?.close();
    await server?.close();
    await advisor?.close();
  });

  it("lists the tools with their schemas, the persona prompts and the resources", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
    for (const name of ASK_TOOLS) {
      const tool = tools.find((t) => t.name === name)!;
      assert.deepEqual(tool.inputSchema.required, ["question"]);
      assert.deepEqual(Object.keys(tool.inputSchema.properties ?? {}).sort(), [
        "context",
        "poolId",
        "question",
        "relay",
      ]);
      assert.equal(tool.inputSchema.additionalProperties, false);
      assert.ok(tool.outputSchema?.properties?.answers, `${name} has a structured output`);
    }
    const earnings = tools.find((t) => t.name === "get_relay_earnings")!;
    assert.deepEqual(earnings.inputSchema.required, ["relay"]);
    assert.ok(earnings.annotations?.readOnlyHint);

    const { prompts } = await client.listPrompts();
    assert.deepEqual(prompts.map((p) => p.name).sort(), [
      "community_catalyst",
      "economic_architect",
      "infrastructure_visionary",
    ]);
    for (const p of prompts)
      assert.deepEqual(
        p.arguments?.map((a) => [a.name, a.required ?? false]),
        [
          ["question", true],
          ["context", false],
        ],
      );

    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    for (const uri of [
      "streamrp2p://network/summary",
      "streamrp2p://fraud/recent",
      "streamrp2p://leaderboard/bytes",
      `streamrp2p://relays/${net.relay}/earnings`,
      "streamrp2p://pools/1/runway",
    ])
      assert.ok(uris.includes(uri), `${uri} is listed`);
  });

  it("get_network_summary returns the live network's figures", async () => {
    const s = structured(await client.callTool({ name: "get_network_summary", arguments: {} }));
    assert.equal(s.coordinatorUrl, net.pipeline.url);
    assert.equal(s.epoch.current, 1);
    assert.equal(s.epoch.lastClosed, 0);
    assert.deepEqual(s.streams, { total: 1, live: 1 });
    // The pipeline runs chainless (REQUIRE_STAKE=false): no relay is staked.
    assert.deepEqual(s.relays, { known: 1, live: 1, staked: 0, tiers: { "1": 1 } });
    assert.equal(s.viewers.openSessions, SESSIONS);
    assert.equal(s.bytes.verifiedThisEpoch, net.verifiedThisEpoch);
    assert.equal(s.bytes.rejectedThisEpoch, net.rejectedThisEpoch);
    assert.equal(s.receiptsThisEpoch.credited, SESSIONS);
    assert.equal(s.receiptsThisEpoch.rejected, 1);
    assert.deepEqual(s.pools, {
      count: 1,
      balance: String(POOL_BALANCE),
      outstanding: String(net.paidBytes),
      claimed: "0",
    });
    const read = await client.readResource({ uri: "streamrp2p://network/summary" });
    const fromResource = JSON.parse((read.contents[0] as { text: string }).text);
    assert.deepEqual(fromResource.bytes, s.bytes);
  });

  it("get_relay_earnings, get_pool_runway, get_leaderboard and get_fraud_decisions read the same network", async () => {
    const relay = structured(
      await client.callTool({ name: "get_relay_earnings", arguments: { relay: net.relay } }),
    );
    assert.equal(relay.relay, net.relay);
    assert.equal(relay.live, true);
    assert.equal(relay.epoch, 1);
    assert.equal(relay.verifiedBytes, net.verifiedThisEpoch);
    assert.deepEqual(relay.totals, {
      bytes: String(net.paidBytes),
      amount: String(net.paidBytes),
      epochsPaid: 1,
    });
    assert.equal(relay.reasons[0].code, "bad-signature");
    assert.equal(relay.reasons[0].bytes, net.rejectedThisEpoch);
    assert.match(relay.reasons[0].lastMessage, /not signed by the session key/);

    const pool = structured(
      await client.callTool({ name: "get_pool_runway", arguments: { poolId: "1" } }),
    );
    const available = POOL_BALANCE - BigInt(net.paidBytes);
    assert.equal(pool.balance, String(POOL_BALANCE));
    assert.equal(pool.outstanding, String(net.paidBytes));
    assert.equal(pool.available, String(available));
    assert.deepEqual(pool.spend.byEpoch, [
      { epoch: 0, amount: String(net.paidBytes), bytes: String(net.paidBytes) },
    ]);
    assert.equal(pool.spend.averagePerEpoch, String(net.paidBytes));
    assert.equal(pool.runway.epochsAtBudget, Number((available * 100n) / EPOCH_BUDGET) / 100);
    assert.equal(
      pool.runway.epochsAtObservedSpend,
      Number((available * 100n) / BigInt(net.paidBytes)) / 100,
    );
    assert.deepEqual(pool.streams, [net.world.streamId]);

    const board = structured(
      await client.callTool({ name: "get_leaderboard", arguments: { by: "earnings" } }),
    );
    assert.deepEqual(board.entries, [
      { rank: 1, relay: net.relay, value: String(net.paidBytes), sharePercent: 100 },
    ]);
    assert.deepEqual(board.concentration, { top1Percent: 100, top3Percent: 100 });

    const fraud = structured(await client.callTool({ name: "get_fraud_decisions", arguments: {} }));
    assert.deepEqual(fraud.epochs, [1, 0]);
    assert.equal(fraud.decisions.length, 1);
    assert.equal(fraud.decisions[0].relay, net.relay);
    assert.equal(fraud.decisions[0].epoch, 1);
    assert.equal(fraud.decisions[0].rejectedReceipts, 1);
    assert.equal(fraud.decisions[0].reasons[0].code, "bad-signature");
  });

  it("ask_infrastructure_visionary answers through the client's model, grounded, saved and listed", async () => {
    seen.length = 0;
    const question = "Can the relay tree take ten times the viewers?";
    const result = await client.callTool({
      name: "ask_infrastructure_visionary",
      arguments: { question, context: "We expect a launch event next week.", relay: net.relay },
    });
    const c = structured(result);
    assert.equal(seen.length, 1);
    assert.match(seen[0]!.systemPrompt!, /Decentralized Infrastructure Visionary/);
    const prompt = userText(seen[0]!);
    assert.match(prompt, new RegExp(`Question: ${question.replace("?", "\\?")}`));
    assert.match(prompt, /We expect a launch event next week\./);
    assert.match(prompt, new RegExp(`"verifiedThisEpoch": ${net.verifiedThisEpoch}`));
    assert.match(prompt, /"code": "bad-signature"/);

    const expected = `Decentralized Infrastructure Visionary says: about "${question}", the figures look healthy.`;
    assert.equal(c.kind, "single");
    assert.deepEqual(c.answers, [
      {
        persona: "infrastructure",
        title: "The Decentralized Infrastructure Visionary",
        answer: expected,
        model: "test-model-1",
        via: "sampling",
      },
    ]);
    assert.equal(c.grounding.network.bytes.verifiedThisEpoch, net.verifiedThisEpoch);
    assert.equal(c.grounding[`relay ${net.relay}`].totals.amount, String(net.paidBytes));
    assert.deepEqual(c.groundingErrors, []);
    assert.match(text(result as CallToolResult), new RegExp(expected.replace(/[?"]/g, ".")));

    const markdown = await readFile(c.file, "utf8");
    assert.ok(c.file.startsWith(net.historyDir));
    assert.match(c.file, /\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-infrastructure-[0-9a-f]{6}\.md$/);
    assert.ok(markdown.includes(`## Question\n\n${question}\n`));
    assert.ok(markdown.includes(`## The Decentralized Infrastructure Visionary\n\n${expected}\n`));
    assert.ok(markdown.includes(c.createdAt));
    assert.ok(markdown.includes("test-model-1 (sampling)"));

    const stored = structured(
      await client.callTool({ name: "get_consultation", arguments: { id: c.id } }),
    );
    assert.deepEqual(stored, c);
    const listed = structured(
      await client.callTool({
        name: "list_consultations",
        arguments: { persona: "infrastructure" },
      }),
    );
    assert.equal(listed.consultations[0].id, c.id);
    assert.equal(listed.consultations[0].question, question);
    const none = structured(
      await client.callTool({ name: "list_consultations", arguments: { persona: "community" } }),
    );
    assert.ok(none.consultations.every((x: { id: string }) => x.id !== c.id));
  });

  it("ask_all_advisors asks the three in parallel and adds a synthesis", async () => {
    seen.length = 0;
    const question = "Should we raise the rate per GB?";
    const c = structured(
      await client.callTool({ name: "ask_all_advisors", arguments: { question } }),
    );
    assert.equal(seen.length, 4);
    assert.deepEqual(
      c.answers.map((a: { persona: string }) => a.persona),
      ["infrastructure", "economics", "community"],
    );
    for (const a of c.answers)
      assert.match(a.answer, new RegExp(`^${a.title.replace(/^The /, "")} says`));
    const synthesisRequest = seen.find((p) => /moderate a panel/.test(p.systemPrompt ?? ""))!;
    for (const a of c.answers) assert.ok(userText(synthesisRequest).includes(a.answer));
    assert.equal(
      c.synthesis.answer,
      `Moderator says: about "${question}", the figures look healthy.`,
    );
    assert.ok(c.grounding.pools[0].poolId === "1", "the economist's pools are read");
    assert.ok(c.grounding.leaderboardByEarnings && c.grounding.fraudDecisions);
    const markdown = await readFile(c.file, "utf8");
    assert.match(c.file, /-all-advisors-[0-9a-f]{6}\.md$/);
    for (const a of c.answers) assert.ok(markdown.includes(a.answer));
    assert.ok(markdown.includes(`## Synthesis\n\n${c.synthesis.answer}`));
  });

  it("a persona prompt carries the persona and the live figures", async () => {
    const prompt = await client.getPrompt({
      name: "economic_architect",
      arguments: { question: "Is the pool's runway enough?" },
    });
    const body = (prompt.messages[0]!.content as { text: string }).text;
    assert.match(body, /You are the Economic Justice Architect/);
    assert.match(body, /Question: Is the pool's runway enough\?/);
    assert.match(body, new RegExp(`"averagePerEpoch": "${net.paidBytes}"`));
  });

  it("malformed input gets a schema error and the server keeps serving", async () => {
    const wrongType = (await client.callTool({
      name: "ask_economic_architect",
      arguments: { question: 42 },
    })) as CallToolResult;
    assert.equal(wrongType.isError, true);
    assert.match(text(wrongType), /Input validation error/);
    assert.match(text(wrongType), /question/);
    const unknownKey = (await client.callTool({
      name: "get_relay_earnings",
      arguments: { relay: "0x1234", extra: true },
    })) as CallToolResult;
    assert.equal(unknownKey.isError, true);
    assert.match(text(unknownKey), /Input validation error/);
    const missing = (await client.callTool({
      name: "get_consultation",
      arguments: { id: "no-such-consultation" },
    })) as CallToolResult;
    assert.equal(missing.isError, true);
    assert.match(text(missing), /^NOT_FOUND: /);
    assert.equal((await client.listTools()).tools.length, TOOLS.length);
  });

  it("/metrics counts answers per persona", async () => {
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    const body = await res.text();
    const count = (persona: string) =>
      Number(
        new RegExp(`advisor_persona_consultations\\{persona="${persona}"\\} (\\d+)`).exec(
          body,
        )?.[1],
      );
    assert.equal(count("infrastructure"), 2);
    assert.equal(count("economics"), 1);
    assert.equal(count("community"), 1);
    assert.match(body, /advisor_tool_calls_total\{tool="ask_all_advisors",outcome="ok"\} 1/);
  });
});

describe("stdio transport (the CLI)", () => {
  const env = () => {
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith("ADVISOR_LLM_")) base[k] = v;
    return {
      ...base,
      COORDINATOR_URL: net.pipeline.url,
      ADVISOR_REDIS_URL: net.pipeline.redisServer!.url,
      ADVISOR_REDIS_PREFIX: PREFIX,
      ADVISOR_HISTORY_DIR: net.historyDir,
      LOG_LEVEL: "warn",
    };
  };
  const spawnCli = () =>
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "stdio"],
      env: env(),
      stderr: "pipe",
    });

  it("answers through sampling over stdio and saves the consultation", async () => {
    const seen: Sampled[] = [];
    const client = samplingClient(seen);
    await client.connect(spawnCli());
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
      const question = "Is pool 1 funded well enough for a month?";
      const c = structured(
        await client.callTool({
          name: "ask_economic_architect",
          arguments: { question, poolId: "1" },
        }),
      );
      assert.equal(seen.length, 1);
      assert.equal(
        c.answers[0].answer,
        `Economic Justice Architect says: about "${question}", the figures look healthy.`,
      );
      assert.equal(c.grounding["pool 1"].available, String(POOL_BALANCE - BigInt(net.paidBytes)));
      assert.ok((await readFile(c.file, "utf8")).includes(c.answers[0].answer));
      const listed = structured(
        await client.callTool({ name: "list_consultations", arguments: { limit: 1 } }),
      );
      assert.equal(listed.consultations[0].id, c.id);
    } finally {
      await client.close();
    }
  });

  it("without sampling or a provider, ask_* answers with the documented NO_MODEL error", async () => {
    const client = new Client({ name: "no-sampling", version: "1.0.0" });
    await client.connect(spawnCli());
    try {
      const before = structured(
        await client.callTool({ name: "list_consultations", arguments: { limit: 200 } }),
      );
      const result = (await client.callTool({
        name: "ask_community_catalyst",
        arguments: { question: "How do we welcome new relay operators?" },
      })) as CallToolResult;
      assert.equal(result.isError, true);
      assert.match(text(result), /^NO_MODEL: no model can answer\./);
      assert.match(text(result), /sampling/);
      assert.match(text(result), /ADVISOR_LLM_PROVIDER=anthropic/);
      assert.match(text(result), /prompts\/list/);
      const afterwards = structured(
        await client.callTool({ name: "list_consultations", arguments: { limit: 200 } }),
      );
      assert.equal(afterwards.consultations.length, before.consultations.length);
      const summary = structured(
        await client.callTool({ name: "get_network_summary", arguments: {} }),
      );
      assert.equal(summary.bytes.verifiedThisEpoch, net.verifiedThisEpoch);
    } finally {
      await client.close();
    }
  });

  it("--help lists the commands and every variable", async () => {
    const { execFile } = await import("node:child_process");
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [CLI, "--help"], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    assert.match(out, /node advisor\/src\/cli\.ts http \[--port N\]/);
    for (const v of [
      "COORDINATOR_URL",
      "ADVISOR_REDIS_URL",
      "ADVISOR_HISTORY_DIR",
      "ADVISOR_LLM_API_KEY",
    ])
      assert.ok(out.includes(v), v);
  });
});
