// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { signRelayKeyAuthorization } from "@streamrp2p/client";
import { demoChain, relayKeyAuthorizedLog } from "../test/chainHandlers.ts";
import { connectedWagmiConfig, signingWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import {
  ACCOUNT,
  OTHER,
  RELAY_KEY,
  RELAY_KEY_PRIVATE,
  RELAY_STAKING,
  deployment,
  relayJson,
} from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { RelayWizard } from "./RelayWizard.tsx";

const relayKey = privateKeyToAccount(RELAY_KEY_PRIVATE);
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

async function printedAuthorization({
  operator = ACCOUNT,
  deadline = inAnHour(),
  chainId = 31337,
}: { operator?: `0x${string}`; deadline?: number; chainId?: number } = {}) {
  const signature = await signRelayKeyAuthorization(relayKey, {
    chainId,
    stakingAddress: RELAY_STAKING,
    operator,
    deadline,
  });
  return JSON.stringify({ relayKey: relayKey.address, operator, deadline, signature });
}

describe("RelayWizard", () => {
  it("gives the relay-machine commands for the relay key and checks authorization, reporting, reachability and stake", async () => {
    const coordinator = fakeCoordinatorFetch({
      "GET /v1/relays": {
        relays: [
          { ...relayJson, address: RELAY_KEY, operator: ACCOUNT, url: "http://me.example:8090" },
        ],
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
    const { config, wallet } = await signingWagmiConfig(
      demoChain({ operatorOf: { [RELAY_KEY]: ACCOUNT } }),
      { logs: [relayKeyAuthorizedLog(ACCOUNT, RELAY_KEY)] },
    );
    renderWithApp(<RelayWizard deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig: config,
      deployment,
      fetch,
    });
    expect(screen.getByTestId("keygen-command").textContent).toBe(
      "KEYSTORE_PASSWORD=… node node/src/cli.ts keygen --keystore ./relay-key.json",
    );
    const authorize = screen.getByTestId("authorize-command").textContent ?? "";
    expect(authorize).toContain(`--operator ${ACCOUNT}`);
    expect(authorize).toMatch(/--deadline \d+/);
    fireEvent.change(screen.getByLabelText("Public URL of your relay"), {
      target: { value: "http://me.example:8090" },
    });
    const command = screen.getByTestId("relay-command").textContent ?? "";
    expect(command).toContain("--keystore ./relay-key.json");
    expect(command).toContain("--rpc-url http://127.0.0.1:8545");
    expect(command).toContain("--public-url http://me.example:8090");
    expect(command).toContain(`--staking-address ${RELAY_STAKING}`);
    expect(command).toContain("--chain-id 31337");
    await waitFor(() => {
      expect(screen.getByTestId("check-authorized").dataset["ok"]).toBe("true");
      expect(screen.getByTestId("check-reporting").dataset["ok"]).toBe("true");
      expect(screen.getByTestId("check-probed").dataset["ok"]).toBe("true");
      expect(screen.getByTestId("check-reachable").dataset["ok"]).toBe("true");
      expect(screen.getByTestId("check-staked").dataset["ok"]).toBe("true");
    });
    expect(probed).toEqual(["http://me.example:8090/status"]);
    const row = screen.getByTestId(`relay-key-${RELAY_KEY}`);
    expect(row.textContent).toContain("reporting");
    // revoking goes through the wallet; declined, the key stays
    wallet.declineNextSignature();
    fireEvent.click(within(row).getByTestId("revoke-relay-key-button"));
    await waitFor(() =>
      expect(screen.getByTestId("revoke-status").textContent).toBe(
        "Failed: You rejected the request in your wallet",
      ),
    );
    expect(screen.getByTestId(`relay-key-${RELAY_KEY}`)).toBeTruthy();
  });

  it("shows what is missing while no relay key is authorized or running", async () => {
    const wagmiConfig = await connectedWagmiConfig(demoChain({ bonded: 0n }));
    renderWithApp(<RelayWizard deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
      // another wallet's relay does not count for this one
      fetch: fakeCoordinatorFetch({
        "GET /v1/relays": { relays: [{ ...relayJson, address: RELAY_KEY, operator: OTHER }] },
      }),
    });
    await waitFor(() =>
      expect(screen.getByTestId("check-staked").textContent).toContain("not yet"),
    );
    await waitFor(() =>
      expect(screen.getByTestId("check-authorized").textContent).toContain("not yet"),
    );
    expect(screen.getByTestId("check-reporting").textContent).toContain("not yet");
    expect(screen.getByTestId("no-relay-keys")).toBeTruthy();
    // Each failing check says why.
    expect(screen.getByTestId("check-authorized-reason").textContent).toMatch(/keygen/);
    expect(screen.getByTestId("check-reporting-reason").textContent).toMatch(/--coordinator/);
    expect(screen.getByTestId("check-staked-reason").textContent).toMatch(/below the minimum/);
  });

  it("says why the coordinator cannot reach a reporting relay, and that it runs pull-only", async () => {
    const wagmiConfig = await connectedWagmiConfig(demoChain());
    renderWithApp(<RelayWizard deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
      fetch: fakeCoordinatorFetch({
        "GET /v1/relays": {
          relays: [
            {
              ...relayJson,
              address: RELAY_KEY,
              operator: ACCOUNT,
              url: "http://192.168.1.20:8090",
              inbound: "local",
              reachability: {
                listed: false,
                reason: "unreachable",
                detail: "connect ECONNREFUSED",
                segmentVerified: false,
                checkedAt: 1_700_000_000_000,
              },
            },
          ],
        },
      }),
    });
    await waitFor(() => expect(screen.getByTestId("check-reporting").dataset["ok"]).toBe("true"));
    expect(screen.getByTestId("check-probed").dataset["ok"]).toBe("false");
    const reason = screen.getByTestId("check-probed-reason").textContent ?? "";
    expect(reason).toContain("could not reach http://192.168.1.20:8090 (connect ECONNREFUSED)");
    expect(reason).toContain("pull-only");
    expect(reason).toContain("UPnP");
  });

  it("gives the download and the relay command per OS and shell", async () => {
    const wagmiConfig = await connectedWagmiConfig(demoChain());
    renderWithApp(<RelayWizard deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
      fetch: fakeCoordinatorFetch({ "GET /v1/relays": { relays: [] } }),
    });
    fireEvent.change(screen.getByLabelText("Your relay machine"), { target: { value: "win-x64" } });
    expect(screen.getByTestId("relay-download").textContent).toContain(
      "streamrp2p-node-win-x64.exe",
    );
    const powershell = screen.getByTestId("relay-command").textContent ?? "";
    expect(powershell).toContain("& .\\streamrp2p-node-win-x64.exe relay `");
    expect(powershell).toContain("--auto-update");
    fireEvent.click(screen.getByTestId("shell-cmd"));
    expect(screen.getByTestId("relay-command").textContent).toContain('set "KEYSTORE_PASSWORD=…"');
    fireEvent.click(screen.getByTestId("shell-bash"));
    expect(screen.getByTestId("relay-command").textContent).toContain(
      "./streamrp2p-node-win-x64.exe relay \\",
    );
    fireEvent.change(screen.getByLabelText("Your relay machine"), {
      target: { value: "linux-x64" },
    });
    expect(screen.getByTestId("relay-download").textContent).toContain(
      "sudo dpkg -i streamrp2p-node_0.1.0_amd64.deb",
    );
  });

  it("explains a pasted authorization it cannot use, before the wallet opens", async () => {
    const { config } = await signingWagmiConfig(demoChain());
    renderWithApp(<RelayWizard deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig: config,
      deployment,
      fetch: fakeCoordinatorFetch({ "GET /v1/relays": { relays: [] } }),
    });
    const input = screen.getByTestId("relay-authorization-input");
    const button = () => screen.getByTestId("authorize-relay-key-button") as HTMLButtonElement;
    const error = () => screen.getByTestId("relay-authorization-error").textContent;

    fireEvent.change(input, { target: { value: "relay key 0x3c44" } });
    expect(error()).toBe("This is not JSON: paste the whole line the authorize command printed");
    expect(button().disabled).toBe(true);

    fireEvent.change(input, { target: { value: '{"relayKey":"0x12","operator":"x"}' } });
    expect(error()).toMatch(/^relayKey: expected a 20-byte address/);

    fireEvent.change(input, { target: { value: await printedAuthorization({ operator: OTHER }) } });
    expect(error()).toBe(
      `This authorization is for 0x7099…79C8, not for this wallet (0xf39F…2266): run authorize with --operator ${getAddress(ACCOUNT)}`,
    );

    fireEvent.change(input, { target: { value: await printedAuthorization({ deadline: 1000 }) } });
    expect(error()).toMatch(/^This authorization expired at 1970-01-01T00:16:40.000Z/);
    expect(button().disabled).toBe(true);

    // well-formed, but signed for another chain: refused before the wallet is asked
    fireEvent.change(input, { target: { value: await printedAuthorization({ chainId: 1 }) } });
    expect(screen.queryByTestId("relay-authorization-error")).toBeNull();
    expect(button().textContent).toBe("Authorize relay key 0x3C44…93BC");
    fireEvent.click(button());
    const status = await screen.findByTestId("tx-status");
    await waitFor(() => expect(status.dataset["state"]).toBe("error"));
    expect(status.textContent).toContain(
      "The signature is not the relay key's consent for this wallet on chain 31337",
    );
  });

  it("sends a valid authorization to the wallet; a declined transaction changes nothing", async () => {
    const { config, wallet } = await signingWagmiConfig(demoChain());
    renderWithApp(<RelayWizard deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig: config,
      deployment,
      fetch: fakeCoordinatorFetch({ "GET /v1/relays": { relays: [] } }),
    });
    fireEvent.change(screen.getByTestId("relay-authorization-input"), {
      target: { value: await printedAuthorization() },
    });
    wallet.declineNextSignature();
    fireEvent.click(screen.getByTestId("authorize-relay-key-button"));
    const status = await screen.findByTestId("tx-status");
    await waitFor(() => expect(status.dataset["state"]).toBe("error"));
    expect(status.textContent).toBe("Failed: You rejected the request in your wallet");
  });
});
