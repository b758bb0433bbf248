// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { demoChain } from "../test/chainHandlers.ts";
import { connectedWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT, RELAY_STAKING, deployment, relayJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { RelayWizard } from "./RelayWizard.tsx";

describe("RelayWizard", () => {
  it("builds the command from the inputs and checks reporting, reachability and stake", async () => {
    const coordinator = fakeCoordinatorFetch({
      "GET /v1/relays": {
        relays: [{ ...relayJson, address: ACCOUNT, url: "http://me.example:8090" }],
      },
    });
    const probed: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = String(input);
      if (url.startsWith("http://me.example")) {
        probed.push(url);
        return new Response("{}");
      }
      return coordinator(input, init);
    };
    const wagmiConfig = await connectedWagmiConfig(demoChain());
    renderWithApp(<RelayWizard deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
      fetch,
    });
    fireEvent.change(screen.getByLabelText("Public URL of your relay"), {
      target: { value: "http://me.example:8090" },
    });
    const command = screen.getByTestId("relay-command").textContent ?? "";
    expect(command).toContain("--public-url http://me.example:8090");
    expect(command).toContain(`--staking-address ${RELAY_STAKING}`);
    expect(command).toContain("--chain-id 31337");
    await waitFor(() => {
      expect(screen.getByTestId("check-reporting").dataset["ok"]).toBe("true");
      expect(screen.getByTestId("check-reachable").dataset["ok"]).toBe("true");
      expect(screen.getByTestId("check-staked").dataset["ok"]).toBe("true");
    });
    expect(probed).toEqual(["http://me.example:8090/status"]);
  });

  it("shows what is missing while the relay is not running", async () => {
    const wagmiConfig = await connectedWagmiConfig(demoChain({ bonded: 0n }));
    renderWithApp(<RelayWizard deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
      fetch: fakeCoordinatorFetch({ "GET /v1/relays": { relays: [] } }),
    });
    await waitFor(() =>
      expect(screen.getByTestId("check-staked").textContent).toContain("not yet"),
    );
    expect(screen.getByTestId("check-reporting").textContent).toContain("not yet");
  });
});
