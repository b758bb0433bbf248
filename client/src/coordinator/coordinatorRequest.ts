/** Calls one coordinator route and parses its answer with the route's protocol schema. */
import type { z } from "zod";
import { CoordinatorError } from "../errors/CoordinatorError.ts";
import { coordinatorFetch, type CoordinatorRequest } from "./coordinatorFetch.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";

export async function coordinatorRequest<T>(
  client: CoordinatorClient,
  request: CoordinatorRequest & { readonly schema: z.ZodType<T> },
): Promise<T> {
  const response = await coordinatorFetch(client, request);
  const parsed = request.schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new CoordinatorError(`The coordinator sent an unexpected answer for ${request.path}`, {
      code: "BAD_RESPONSE",
      status: response.status,
      details: parsed.error,
    });
  }
  return parsed.data;
}
