/** Every chain read's key starts with "chain", so a new block invalidates them all at once. */
export function chainQueryKey(
  chainId: number,
  name: string,
  parameters: Record<string, unknown> = {},
) {
  return ["chain", chainId, name, parameters] as const;
}
