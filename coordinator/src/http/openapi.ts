/** The OpenAPI 3.1 document, generated from the route table and its zod schemas (z.toJSONSchema). */
import { z } from "zod";
import { errorResponse } from "@streamrp2p/protocol";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";
import { BODY_ERRORS, COMMON_ERRORS, type Route } from "./route.ts";

type JsonSchema = Record<string, unknown>;

/** Request and response bodies are documented as they travel (the schemas' input side). */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (object.required ?? []).includes(name),
    schema: property,
  }));
}

function errorResponses(codes: readonly ErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: list.map((c) => `${c}: ${ERROR_CODES[c].description}`).join("\n\n"),
      content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } } },
    };
  }
  return responses;
}

export function openApiDocument(
  routes: readonly Route[],
  info: { title: string; version: string },
): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const codes: ErrorCode[] = [
      ...route.errors,
      ...(route.rateLimited === false ? ["INTERNAL" as const] : COMMON_ERRORS),
    ];
    if (route.body) codes.push(...BODY_ERRORS);
    if (route.params || route.query) codes.push("VALIDATION_FAILED");
    const content = route.response.schema
      ? {
          [route.response.contentType ?? "application/json"]: {
            schema: jsonSchema(route.response.schema),
          },
        }
      : route.response.contentType
        ? { [route.response.contentType]: { schema: { type: "string" } } }
        : undefined;
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth ? { security: [{ bearer: [] }] } : {}),
      parameters: [...parameters(route.params, "path"), ...parameters(route.query, "query")],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(route.body) } },
            },
          }
        : {}),
      responses: {
        [String(route.response.status)]: {
          description: route.response.description,
          ...(content ? { content } : {}),
        },
        ...errorResponses(codes),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      ...info,
      description: `Error codes:\n\n${Object.entries(ERROR_CODES)
        .map(([code, { status, description }]) => `- ${code} (${status}): ${description}`)
        .join("\n")}`,
    },
    paths,
    components: {
      schemas: { ErrorResponse: jsonSchema(errorResponse) },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Token from POST /v1/auth/login" },
      },
    },
  };
}
