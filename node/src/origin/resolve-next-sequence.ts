/**
 * Where an origin continues a stream's sequence. It must never reuse a sequence it may have
 * signed before (issue 9, finding 3), so it takes the highest of what it knows and refuses to
 * guess when it knows nothing: no state file and no answer from the coordinator means unknown,
 * never 0.
 */
export type CoordinatorLastSequence =
  { reachable: true; lastSequence: number | null } | { reachable: false };

export type NextSequence = { known: true; next: number } | { known: false };

export function resolveNextSequence(
  /** From the origin's journal: undefined when it never signed for this stream (or lost its state). */
  journalNext: number | undefined,
  coordinator: CoordinatorLastSequence,
): NextSequence {
  const fromCoordinator = !coordinator.reachable
    ? undefined
    : coordinator.lastSequence === null
      ? 0
      : coordinator.lastSequence + 1;
  if (journalNext === undefined && fromCoordinator === undefined) return { known: false };
  return { known: true, next: Math.max(journalNext ?? 0, fromCoordinator ?? 0) };
}
