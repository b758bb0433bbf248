import { streamInfo } from "@streamrp2p/protocol/api";
import { describe, expect, it } from "vitest";
import { createCoordinatorClient } from "../lib/coordinatorClient.ts";
import { CoordinatorError } from "../lib/CoordinatorError.ts";
import { fakeCoordinatorFetch, unreachableFetch } from "../test/fakeCoordinator.ts";
import { STREAM_ID, streamJson } from "../test/fixtures.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";
import { createStream } from "./createStream.ts";
import { getStreams } from "./getStreams.ts";

const client = (fetch: typeof globalThis.fetch) =>
  createCoordinatorClient({ baseUrl: "http://c.test/", fetch });

describe("coordinatorRequest", () => {
  it("validates the answer with the protocol schema", async () => {
    const fetch = fakeCoordinatorFetch({ [`GET /v1/streams/${STREAM_ID}`]: streamJson });
    await expect(
      coordinatorRequest(client(fetch), { path: `/v1/streams/${STREAM_ID}`, schema: streamInfo }),
    ).resolves.toMatchObject({ name: streamJson.name });
  });
  it("turns the coordinator's error body into a CoordinatorError", async () => {
    const fetch = fakeCoordinatorFetch({
      "GET /v1/streams": () => ({
        status: 503,
        body: { error: { code: "REDIS_DOWN", message: "Storage unavailable" } },
      }),
    });
    const error = await getStreams(client(fetch)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoordinatorError);
    expect(error).toMatchObject({
      code: "REDIS_DOWN",
      status: 503,
      shortMessage: "Storage unavailable",
    });
  });
  it("says when the coordinator cannot be reached", async () => {
    const error = await getStreams(client(unreachableFetch)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "UNREACHABLE",
      status: 0,
      shortMessage: "The coordinator at http://c.test is not reachable",
    });
  });
  it("rejects answers that do not match the schema", async () => {
    const fetch = fakeCoordinatorFetch({ "GET /v1/streams": { streams: [{ nope: 1 }] } });
    await expect(getStreams(client(fetch))).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });
  it("marks missing routes as not found", async () => {
    const error = await getStreams(client(fakeCoordinatorFetch({}))).catch((e: unknown) => e);
    expect(error instanceof CoordinatorError && error.isNotFound).toBe(true);
  });
});

describe("createStream", () => {
  it("validates the request before sending it", async () => {
    let called = false;
    const fetch = fakeCoordinatorFetch({
      "POST /v1/streams": () => ((called = true), { status: 201, body: {} }),
    });
    await expect(
      createStream(client(fetch), { name: "x", originAddress: "0x123" }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    expect(called).toBe(false);
  });
  it("returns the stream key", async () => {
    let sent: unknown;
    const fetch = fakeCoordinatorFetch({
      "POST /v1/streams": (body: unknown) => (
        (sent = body),
        { status: 201, body: { ...streamJson, streamKey: "sk_live_123" } }
      ),
    });
    const created = await createStream(client(fetch), {
      name: " My show ",
      originAddress: streamJson.originAddress,
      ownerAddress: streamJson.ownerAddress,
    });
    expect(created.streamKey).toBe("sk_live_123");
    expect(sent).toEqual({
      name: "My show",
      originAddress: streamJson.originAddress,
      ownerAddress: streamJson.ownerAddress,
    });
  });
});
