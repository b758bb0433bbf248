/**
 * The preferred model: the client's own, asked through MCP sampling (sampling/createMessage),
 * so the server holds no key. The request is tied to the tool call that needs it, so over
 * Streamable HTTP it travels on that call's stream.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";
import { AdvisorError } from "../errors.ts";
import type { Model } from "./model.ts";

export function clientSupportsSampling(server: Server): boolean {
  return server.getClientCapabilities()?.sampling !== undefined;
}

export function samplingModel(
  server: Server,
  relatedRequestId: RequestId,
  timeoutMs: number,
): Model {
  return async ({ system, user, maxTokens }) => {
    let result;
    try {
      result = await server.createMessage(
        {
          systemPrompt: system,
          messages: [{ role: "user", content: { type: "text", text: user } }],
          maxTokens,
          includeContext: "none",
        },
        { relatedRequestId, timeout: timeoutMs },
      );
    } catch (cause) {
      throw new AdvisorError("MODEL_FAILED", "the client's sampling request failed", { cause });
    }
    const blocks = Array.isArray(result.content) ? result.content : [result.content];
    const text = blocks
      .map((b) => (b.type === "text" ? b.text : ""))
      .join("")
      .trim();
    if (!text) throw new AdvisorError("MODEL_FAILED", "the client's model returned no text");
    return { text, model: result.model, via: "sampling" };
  };
}
