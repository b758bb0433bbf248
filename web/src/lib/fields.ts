/** Field readers for hand-written validators of JSON answers (throw on a wrong type). */
export function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

/** A non-negative integer sent as a decimal string or a safe JSON number. */
export function bigintField(obj: Record<string, unknown>, key: string): bigint {
  const value = obj[key];
  if (typeof value === "string" && /^(0|[1-9]\d*)$/.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new Error(`${key}: expected a non-negative integer`);
}

export function numberField(obj: Record<string, unknown>, key: string): number {
  const value = obj[key];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`${key}: expected a number`);
  return value;
}

export function hexValue(value: unknown, what: string, bytes?: number): `0x${string}` {
  const pattern =
    bytes === undefined ? /^0x[0-9a-fA-F]*$/ : new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`);
  if (typeof value !== "string" || !pattern.test(value)) throw new Error(`${what}: expected hex`);
  return value.toLowerCase() as `0x${string}`;
}

export function hexField(obj: Record<string, unknown>, key: string, bytes?: number): `0x${string}` {
  return hexValue(obj[key], key, bytes);
}

export function addressField(obj: Record<string, unknown>, key: string): `0x${string}` {
  return hexField(obj, key, 20);
}
