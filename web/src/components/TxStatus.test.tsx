// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithApp as render } from "../test/renderWithApp.tsx";
import { TxStatus } from "./TxStatus.tsx";

const hash = `0x${"ab".repeat(32)}` as const;

describe("TxStatus", () => {
  it("renders nothing while idle", () => {
    render(<TxStatus status="idle" progress={undefined} error={undefined} />);
    expect(screen.queryByTestId("tx-status")).toBeNull();
  });
  it("asks to confirm in the wallet, with the step", () => {
    render(
      <TxStatus
        status="pending"
        progress={{ label: "Approve TST", step: 1, steps: 2, phase: "wallet" }}
        error={undefined}
      />,
    );
    expect(screen.getByTestId("tx-status").textContent).toBe(
      "Approve TST: confirm in your wallet (step 1 of 2)",
    );
    expect(screen.getByTestId("tx-status").dataset["state"]).toBe("pending");
  });
  it("shows the pending transaction's hash with a copy button on the local chain", () => {
    render(
      <TxStatus
        status="pending"
        progress={{ label: "Stake", step: 1, steps: 1, phase: "pending", hash }}
        error={undefined}
      />,
    );
    expect(screen.getByTestId("tx-status").textContent).toBe(
      `Stake: pendingtx ${hash.slice(0, 10)}…copy`,
    );
    expect(screen.getByTestId("tx-hash").title).toBe(hash);
    expect(screen.getByTestId("copy-tx-hash")).toBeTruthy();
  });
  it("confirms success and explains failure", () => {
    const { rerender } = render(
      <TxStatus status="success" progress={undefined} error={undefined} successText="Staked" />,
    );
    expect(screen.getByTestId("tx-status").textContent).toBe("Staked");
    rerender(
      <TxStatus
        status="error"
        progress={undefined}
        error="You rejected the request in your wallet"
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe(
      "Failed: You rejected the request in your wallet",
    );
    expect(screen.getByTestId("tx-status").dataset["state"]).toBe("error");
  });
});
