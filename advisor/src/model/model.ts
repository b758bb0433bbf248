/** What every answer source implements: the client's model through sampling, or a provider. */
export interface ModelRequest {
  system: string;
  user: string;
  maxTokens: number;
}

export interface ModelAnswer {
  text: string;
  /** The model's own name as the source reported it. */
  model: string;
  via: "sampling" | "anthropic" | "openai";
}

export type Model = (request: ModelRequest) => Promise<ModelAnswer>;
