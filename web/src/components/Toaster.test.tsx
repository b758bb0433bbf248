// @vitest-environment jsdom
import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useTx } from "../hooks/useTx.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";

const hash = `0x${"cd".repeat(32)}` as const;

function Harness({ fail }: { fail: boolean }) {
  const tx = useTx<{ n: number }, number>(async (_config, { n, onProgress }) => {
    onProgress?.({ label: "Stake", step: 1, steps: 1, phase: "wallet" });
    onProgress?.({ label: "Stake", step: 1, steps: 1, phase: "pending", hash });
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (fail) throw new Error("Nothing to claim");
    onProgress?.({ label: "Stake", step: 1, steps: 1, phase: "confirmed", hash });
    return n;
  });
  return (
    <button type="button" onClick={() => tx.run({ n: 1 })}>
      go
    </button>
  );
}

describe("transaction toasts", () => {
  it("shows submitted, then replaces it with confirmed", async () => {
    renderWithApp(<Harness fail={false} />);
    act(() => screen.getByText("go").click());
    await waitFor(() => expect(screen.getByTestId("toast").dataset["kind"]).toBe("submitted"));
    expect(screen.getByTestId("toast").textContent).toContain("Stake: submitted");
    await waitFor(() => expect(screen.getByTestId("toast").dataset["kind"]).toBe("confirmed"));
    expect(screen.getAllByTestId("toast")).toHaveLength(1);
  });

  it("adds a failed toast with the reason in words", async () => {
    renderWithApp(<Harness fail />);
    act(() => screen.getByText("go").click());
    await waitFor(() => expect(screen.getByRole("alert").dataset["kind"]).toBe("failed"));
    expect(screen.getByRole("alert").textContent).toContain("Nothing to claim");
  });
});
