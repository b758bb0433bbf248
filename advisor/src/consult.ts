/**
 * One consultation: read the live figures, ask each advisor (in parallel for the panel), add
 * the panel's synthesis, write the markdown file, then record it in the history.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { gatherGrounding, type Focus, type GroundingDeps } from "./grounding/gather.ts";
import type { AdvisorAnswer, Consultation } from "./history/consultation.ts";
import type { ConsultationStore } from "./history/consultation-store.ts";
import { consultationFileName, writeConsultation } from "./history/markdown.ts";
import type { Model } from "./model/model.ts";
import { PERSONAS, SYNTHESIS_SYSTEM, type PersonaId } from "./personas.ts";

export interface ConsultDeps extends GroundingDeps {
  store: ConsultationStore;
  historyDir: string;
  maxTokens: number;
  logger: Logger;
  clock?: () => number;
}

export interface ConsultRequest extends Focus {
  personas: readonly PersonaId[];
  question: string;
  userContext?: string | undefined;
}

/** The user turn every advisor sees: the question, the caller's context, the live figures. */
export function advisorPrompt(
  question: string,
  userContext: string | undefined,
  figures: Record<string, unknown>,
  errors: readonly string[],
): string {
  const parts = [`Question: ${question}`];
  if (userContext) parts.push(`Context from the person asking:\n${userContext}`);
  parts.push(
    `Live network figures (JSON; bytes are bytes, amounts are token base units):\n\`\`\`json\n${JSON.stringify(figures, null, 2)}\n\`\`\``,
  );
  if (errors.length > 0) parts.push(`Sources that could not be read:\n- ${errors.join("\n- ")}`);
  return parts.join("\n\n");
}

export function newConsultationId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

export async function consult(
  deps: ConsultDeps,
  model: Model,
  request: ConsultRequest,
): Promise<Consultation> {
  const now = (deps.clock ?? Date.now)();
  const { figures, errors } = await gatherGrounding(deps, request.personas, request);
  const user = advisorPrompt(request.question, request.userContext, figures, errors);
  const answers: AdvisorAnswer[] = await Promise.all(
    request.personas.map(async (id) => {
      const persona = PERSONAS[id];
      const a = await model({ system: persona.system, user, maxTokens: deps.maxTokens });
      return { persona: id, title: persona.title, answer: a.text, model: a.model, via: a.via };
    }),
  );
  const panel = request.personas.length > 1;
  const synthesis = panel
    ? await model({
        system: SYNTHESIS_SYSTEM,
        user: [
          `Question: ${request.question}`,
          ...answers.map((a) => `## ${a.title}\n\n${a.answer}`),
        ].join("\n\n"),
        maxTokens: Math.min(deps.maxTokens, 600),
      })
    : undefined;
  const id = newConsultationId(now);
  const draft: Consultation = {
    id,
    createdAt: new Date(now).toISOString(),
    kind: panel ? "panel" : "single",
    question: request.question,
    ...(request.userContext ? { userContext: request.userContext } : {}),
    grounding: figures,
    groundingErrors: errors,
    answers,
    ...(synthesis
      ? { synthesis: { answer: synthesis.text, model: synthesis.model, via: synthesis.via } }
      : {}),
    file: "",
  };
  draft.file = consultationFileName(draft);
  const consultation: Consultation = {
    ...draft,
    file: await writeConsultation(deps.historyDir, draft),
  };
  await deps.store.save(consultation);
  deps.logger.info(
    {
      consultation: id,
      personas: request.personas,
      via: answers[0]?.via,
      groundingErrors: errors.length,
    },
    "consultation saved",
  );
  return consultation;
}
