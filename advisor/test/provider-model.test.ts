/**
 * The fallback model over HTTP: an OpenAI-compatible and an Anthropic endpoint served locally
 * (the stand-in for the model), and the config rules around them. The key goes in a header,
 * never into an error or the logged config.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { ConfigError, defineConfig, redactedConfig } from "../src/config.ts";
import { AdvisorError } from "../src/errors.ts";
import { providerModel } from "../src/model/provider-model.ts";

const KEY = "sk-test-secret-0123456789";

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

describe("providerModel", () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];
  let status = 200;

  before(async () => {
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        seen.push({ url: req.url ?? "", headers: req.headers, body: JSON.parse(raw) });
        res.writeHead(status, { "content-type": "application/json" });
        if (status !== 200) return res.end(JSON.stringify({ error: { message: "bad key" } }));
        if (req.url === "/v1/messages")
          return res.end(
            JSON.stringify({
              model: "claude-test",
              content: [
                { type: "text", text: "Anthropic " },
                { type: "text", text: "answer." },
              ],
            }),
          );
        res.end(
          JSON.stringify({
            model: "local-llm",
            choices: [{ message: { role: "assistant", content: " OpenAI answer. " } }],
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it("calls an OpenAI-compatible endpoint with the persona as the system message", async () => {
    seen.length = 0;
    status = 200;
    const model = providerModel({
      provider: "openai",
      model: "gpt-test",
      apiKey: KEY,
      baseUrl: `${base}/v1`,
      timeoutMs: 5000,
    });
    const answer = await model({ system: "You are X.", user: "Question: Q", maxTokens: 300 });
    assert.deepEqual(answer, { text: "OpenAI answer.", model: "local-llm", via: "openai" });
    assert.equal(seen[0]!.url, "/v1/chat/completions");
    assert.equal(seen[0]!.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(seen[0]!.body, {
      model: "gpt-test",
      max_tokens: 300,
      messages: [
        { role: "system", content: "You are X." },
        { role: "user", content: "Question: Q" },
      ],
    });
  });

  it("calls Anthropic's Messages API with the key in x-api-key", async () => {
    seen.length = 0;
    status = 200;
    const model = providerModel({
      provider: "anthropic",
      model: "claude-x",
      apiKey: KEY,
      baseUrl: base,
      timeoutMs: 5000,
    });
    const answer = await model({ system: "You are Y.", user: "Question: R", maxTokens: 200 });
    assert.deepEqual(answer, { text: "Anthropic answer.", model: "claude-test", via: "anthropic" });
    assert.equal(seen[0]!.url, "/v1/messages");
    assert.equal(seen[0]!.headers["x-api-key"], KEY);
    assert.equal(seen[0]!.headers["anthropic-version"], "2023-06-01");
    assert.deepEqual(seen[0]!.body, {
      model: "claude-x",
      max_tokens: 200,
      system: "You are Y.",
      messages: [{ role: "user", content: "Question: R" }],
    });
  });

  it("a refused call is MODEL_FAILED and never carries the key", async () => {
    status = 401;
    const model = providerModel({
      provider: "openai",
      model: "gpt-test",
      apiKey: KEY,
      baseUrl: base,
      timeoutMs: 5000,
    });
    await assert.rejects(
      model({ system: "s", user: "u", maxTokens: 100 }),
      (error: unknown) =>
        error instanceof AdvisorError &&
        error.code === "MODEL_FAILED" &&
        /HTTP 401/.test(error.message) &&
        !JSON.stringify({ m: error.message, d: error.details }).includes(KEY),
    );
  });
});

describe("config", () => {
  it("needs a model with a provider and a key for Anthropic", () => {
    assert.throws(
      () => defineConfig({ llmProvider: "openai" }),
      (e: unknown) => e instanceof ConfigError && /ADVISOR_LLM_MODEL/.test(e.message),
    );
    assert.throws(
      () => defineConfig({ llmProvider: "anthropic", llmModel: "claude-x" }),
      (e: unknown) => e instanceof ConfigError && /ADVISOR_LLM_API_KEY/.test(e.message),
    );
    assert.throws(
      () => defineConfig({ coordinatorUrl: "ftp://x" }),
      (e: unknown) => e instanceof ConfigError && /COORDINATOR_URL/.test(e.message),
    );
  });

  it("is frozen, has defaults, and masks the key and the Redis password when logged", () => {
    const config = defineConfig({
      llmProvider: "anthropic",
      llmModel: "claude-x",
      llmApiKey: KEY,
      redisUrl: "redis://:hunter2@127.0.0.1:6379",
    });
    assert.ok(Object.isFrozen(config));
    assert.equal(config.port, 8090);
    assert.equal(config.redisPrefix, "sp2p-advisor:");
    const logged = JSON.stringify(redactedConfig(config));
    assert.ok(!logged.includes(KEY));
    assert.ok(!logged.includes("hunter2"));
    assert.match(logged, /"llmApiKey":"\*\*\*"/);
  });
});
