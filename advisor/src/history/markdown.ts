/** Every consultation as a timestamped markdown file: question, context, answers, figures. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PERSONAS } from "../personas.ts";
import type { Consultation } from "./consultation.ts";

/** `2025-06-01T12-30-05-123Z` from an ISO time: sorts by time, safe in every file system. */
export const fileStamp = (iso: string) => iso.replace(/:/g, "-").replace(".", "-");

export function consultationFileName(
  c: Pick<Consultation, "createdAt" | "kind" | "answers" | "id">,
) {
  const who = c.kind === "panel" ? "all-advisors" : (c.answers[0]?.persona ?? "advisor");
  return `${fileStamp(c.createdAt)}-${who}-${c.id.slice(-6)}.md`;
}

export function renderMarkdown(c: Consultation): string {
  const lines = [
    `# ${c.kind === "panel" ? "All advisors" : (c.answers[0]?.title ?? "Advisor")}`,
    "",
    `- id: \`${c.id}\``,
    `- time: ${c.createdAt}`,
    `- models: ${[...new Set([...c.answers, ...(c.synthesis ? [c.synthesis] : [])].map((a) => `${a.model} (${a.via})`))].join(", ")}`,
    "",
    "## Question",
    "",
    c.question,
    "",
  ];
  if (c.userContext) lines.push("## Context given", "", c.userContext, "");
  for (const a of c.answers) {
    lines.push(`## ${PERSONAS[a.persona].title}`, "", a.answer, "");
  }
  if (c.synthesis) lines.push("## Synthesis", "", c.synthesis.answer, "");
  lines.push(
    "## Live figures used",
    "",
    "```json",
    JSON.stringify(c.grounding, null, 2),
    "```",
    "",
  );
  if (c.groundingErrors.length > 0)
    lines.push("Not available:", "", ...c.groundingErrors.map((e) => `- ${e}`), "");
  return lines.join("\n");
}

/** Writes the file under `dir` (created if missing) and returns its absolute path. */
export async function writeConsultation(dir: string, c: Consultation): Promise<string> {
  const folder = path.resolve(dir);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, path.basename(c.file));
  await writeFile(file, renderMarkdown(c), { flag: "wx" });
  return file;
}
