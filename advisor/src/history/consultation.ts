/** A consultation as it is stored, listed and returned: the schema is the tools' output schema. */
import { z } from "zod";
import { PERSONA_IDS } from "../personas.ts";

export const answerSchema = z.object({
  persona: z.enum(PERSONA_IDS),
  title: z.string(),
  answer: z.string(),
  model: z.string(),
  via: z.enum(["sampling", "anthropic", "openai"]),
});
export type AdvisorAnswer = z.infer<typeof answerSchema>;

export const consultationSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  /** One advisor, or the panel of three with a synthesis. */
  kind: z.enum(["single", "panel"]),
  question: z.string(),
  /** What the caller added as context. */
  userContext: z.string().optional(),
  /** The live figures the advisors were given, by source (network, relay, pool...). */
  grounding: z.record(z.string(), z.unknown()),
  /** Sources that could not be read, with why. */
  groundingErrors: z.array(z.string()),
  answers: z.array(answerSchema),
  synthesis: answerSchema.omit({ persona: true, title: true }).optional(),
  /** The markdown file it was written to. */
  file: z.string(),
});
export type Consultation = z.infer<typeof consultationSchema>;

export const consultationSummarySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  kind: z.enum(["single", "panel"]),
  personas: z.array(z.enum(PERSONA_IDS)),
  question: z.string(),
  file: z.string(),
});
export type ConsultationSummary = z.infer<typeof consultationSummarySchema>;

export function summarize(c: Consultation): ConsultationSummary {
  return {
    id: c.id,
    createdAt: c.createdAt,
    kind: c.kind,
    personas: c.answers.map((a) => a.persona),
    question: c.question,
    file: c.file,
  };
}
