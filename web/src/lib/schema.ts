/**
 * The part of a zod schema the web app relies on, so it can validate with protocol/'s schemas
 * without depending on zod itself.
 */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown };
}
