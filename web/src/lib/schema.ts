/**
 * The part of a zod schema the web app relies on, so it can use protocol/'s schemas without
 * depending on zod itself, and write small validators of its own in the same shape.
 */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown };
}

/**
 * A list response: either a bare array or an object holding it under `key`
 * (`{ "streams": [...] }`); every item must pass `item`.
 */
export function listOf<T>(item: Schema<T>, key: string): Schema<T[]> {
  return {
    safeParse(data) {
      const array = Array.isArray(data)
        ? data
        : typeof data === "object" &&
            data !== null &&
            Array.isArray((data as Record<string, unknown>)[key])
          ? ((data as Record<string, unknown>)[key] as unknown[])
          : undefined;
      if (!array)
        return { success: false, error: new Error(`expected an array or { ${key}: [...] }`) };
      const out: T[] = [];
      for (const [index, value] of array.entries()) {
        const parsed = item.safeParse(value);
        if (!parsed.success)
          return { success: false, error: new Error(`item ${index}: ${String(parsed.error)}`) };
        out.push(parsed.data);
      }
      return { success: true, data: out };
    },
  };
}

/** A validator from a plain function that throws on bad input. */
export function schemaFrom<T>(parse: (data: unknown) => T): Schema<T> {
  return {
    safeParse(data) {
      try {
        return { success: true, data: parse(data) };
      } catch (error) {
        return { success: false, error };
      }
    },
  };
}
