/**
 * The fallback model from the environment: Anthropic's Messages API or any OpenAI-compatible
 * chat-completions endpoint, called with fetch. The key goes in a header and nowhere else; no
 * error message or log line carries it.
 */
import { z } from "zod";
import { AdvisorError } from "../errors.ts";
import type { Model } from "./model.ts";

export interface ProviderOptions {
  provider: "anthropic" | "openai";
  model: string;
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const anthropicResponse = z.object({
  model: z.string(),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
});
const openaiResponse = z.object({
  model: z.string().optional(),
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable().optional() }) }))
    .min(1),
});

async function postJson(
  options: ProviderOptions,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<unknown> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (cause) {
    throw new AdvisorError("MODEL_FAILED", `${options.provider}: ${url} did not answer`, {
      cause,
    });
  }
  const text = await response.text();
  if (!response.ok)
    throw new AdvisorError("MODEL_FAILED", `${options.provider}: HTTP ${response.status}`, {
      details: { body: text.slice(0, 500) },
    });
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AdvisorError("MODEL_FAILED", `${options.provider}: the answer is not JSON`, {
      cause,
    });
  }
}

export function providerModel(options: ProviderOptions): Model {
  if (options.provider === "anthropic") {
    const url = `${(options.baseUrl ?? "https://api.anthropic.com").replace(/\/+$/, "")}/v1/messages`;
    return async ({ system, user, maxTokens }) => {
      const raw = await postJson(
        options,
        url,
        { "x-api-key": options.apiKey ?? "", "anthropic-version": "2023-06-01" },
        {
          model: options.model,
          max_tokens: maxTokens,
          system,
          messages: [{ role: "user", content: user }],
        },
      );
      const parsed = anthropicResponse.safeParse(raw);
      const text = parsed.success
        ? parsed.data.content
            .filter((c) => c.type === "text")
            .map((c) => c.text ?? "")
            .join("")
            .trim()
        : "";
      if (!text) throw new AdvisorError("MODEL_FAILED", "anthropic: the answer has no text");
      return { text, model: parsed.success ? parsed.data.model : options.model, via: "anthropic" };
    };
  }
  const url = `${(options.baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/, "")}/chat/completions`;
  return async ({ system, user, maxTokens }) => {
    const raw = await postJson(
      options,
      url,
      options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      {
        model: options.model,
        max_tokens: maxTokens,
        messages: [
          { role: "system", content: system },
          { role: "user", content: user },
        ],
      },
    );
    const parsed = openaiResponse.safeParse(raw);
    const text = parsed.success ? (parsed.data.choices[0]!.message.content ?? "").trim() : "";
    if (!text) throw new AdvisorError("MODEL_FAILED", "openai: the answer has no text");
    return {
      text,
      model: (parsed.success && parsed.data.model) || options.model,
      via: "openai",
    };
  };
}
