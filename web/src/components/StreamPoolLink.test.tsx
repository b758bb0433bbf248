// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { STREAM_ID } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { StreamPoolLink } from "./StreamPoolLink.tsx";

describe("StreamPoolLink", () => {
  it("links the chosen pool to the stream", async () => {
    let sent: unknown;
    const fetch = fakeCoordinatorFetch({
      [`POST /v1/streams/${STREAM_ID}/pools`]: (body: unknown) => (
        (sent = body),
        { status: 200, body: { streamId: STREAM_ID, poolId: "2" } }
      ),
    });
    renderWithApp(
      <StreamPoolLink streamId={STREAM_ID} linkedPoolId={undefined} ownedPoolIds={[3n, 2n]} />,
      { fetch },
    );
    fireEvent.change(screen.getByTestId("link-pool-select"), { target: { value: "2" } });
    fireEvent.click(screen.getByTestId("link-pool-button"));
    await waitFor(() => expect(sent).toEqual({ poolId: "2" }));
  });

  it("explains why the coordinator refused", async () => {
    const fetch = fakeCoordinatorFetch({
      [`POST /v1/streams/${STREAM_ID}/pools`]: () => ({
        status: 409,
        body: {
          error: {
            code: "POOL_OWNER_MISMATCH",
            message: "pool 3 belongs to 0xabc, not to the stream's owner",
          },
        },
      }),
    });
    renderWithApp(<StreamPoolLink streamId={STREAM_ID} linkedPoolId={1n} ownedPoolIds={[3n]} />, {
      fetch,
    });
    expect(screen.getByText("pool #1")).toBeTruthy();
    fireEvent.click(screen.getByTestId("link-pool-button"));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "pool 3 belongs to 0xabc, not to the stream's owner",
    );
  });
});
