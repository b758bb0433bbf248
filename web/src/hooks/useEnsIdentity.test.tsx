// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AddressText } from "../components/AddressText.tsx";
import { fakeEnsRpc } from "../test/fakeEnsRpc.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { useEnsIdentity } from "./useEnsIdentity.ts";

const ALICE = "0x00000000000000000000000000000000000A11ce";
const AVATAR = "data:image/svg+xml;base64,PHN2Zy8+";

function Probe({ address }: { address: string }) {
  const query = useEnsIdentity(address);
  return <span data-testid="probe">{`${query.fetchStatus}:${query.status}`}</span>;
}

describe("useEnsIdentity", () => {
  it("stays idle and sends nothing without VITE_ENS_RPC_URL", async () => {
    const ens = fakeEnsRpc({ ethereum: { [ALICE.toLowerCase()]: "alice.eth" } });
    renderWithApp(<Probe address={ALICE} />, { fetch: ens.fetch });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId("probe").textContent).toBe("idle:pending");
    expect(ens.requests).toEqual([]);
  });
});

describe("useEnsIdentity (through AddressText)", () => {
  it("makes no request at all without VITE_ENS_RPC_URL, and shows the short address", async () => {
    const ens = fakeEnsRpc({ ethereum: { [ALICE.toLowerCase()]: "alice.eth" } });
    const { queryClient } = renderWithApp(<AddressText address={ALICE} />, { fetch: ens.fetch });
    expect(screen.getByTitle(ALICE).textContent).toBe("0x0000…11ce");
    await new Promise((r) => setTimeout(r, 50));
    expect(ens.requests).toEqual([]);
    expect(queryClient.isFetching()).toBe(0);
    expect(screen.getByTitle(ALICE).textContent).toBe("0x0000…11ce");
  });

  it("shows the name and avatar from the configured mainnet RPC, full address in the tooltip", async () => {
    const ens = fakeEnsRpc({
      ethereum: { [ALICE.toLowerCase()]: "alice.eth" },
      avatars: { "alice.eth": AVATAR },
    });
    renderWithApp(<AddressText address={ALICE} />, {
      fetch: ens.fetch,
      env: { VITE_ENS_RPC_URL: "https://mainnet.test" },
    });
    await waitFor(() => expect(screen.getByTitle(ALICE).textContent).toBe("alice.eth"));
    expect(screen.getByTestId("address-avatar").getAttribute("src")).toBe(AVATAR);
    expect(ens.requests.every((m) => m === "eth_call")).toBe(true);
  });

  it("asks once per address however many times it is shown", async () => {
    const ens = fakeEnsRpc({ ethereum: { [ALICE.toLowerCase()]: "alice.eth" } });
    renderWithApp(
      <>
        <AddressText address={ALICE} />
        <AddressText address={ALICE.toLowerCase()} />
      </>,
      { fetch: ens.fetch, env: { VITE_ENS_RPC_URL: "https://mainnet-once.test" } },
    );
    await waitFor(() => expect(screen.getAllByText("alice.eth")).toHaveLength(2));
    // one look-up: the Base and the Ethereum primary names, then the name's avatar record
    expect(ens.requests).toHaveLength(3);
  });

  it("keeps the short address when the resolver answers garbage", async () => {
    const ens = fakeEnsRpc({ garbage: "0xdeadbeef" });
    const { queryClient } = renderWithApp(<AddressText address={ALICE} />, {
      fetch: ens.fetch,
      env: { VITE_ENS_RPC_URL: "https://mainnet-garbage.test" },
    });
    await waitFor(() => expect(ens.requests.length).toBeGreaterThan(0));
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(screen.getByTitle(ALICE).textContent).toBe("0x0000…11ce");
    expect(screen.queryByTestId("address-avatar")).toBeNull();
  });

  it("batches the look-ups of a page of addresses", async () => {
    const addresses = Array.from(
      { length: 10 },
      (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`,
    );
    const ens = fakeEnsRpc({
      ethereum: Object.fromEntries(addresses.map((a, i) => [a, `relay${i}.eth`])),
    });
    renderWithApp(
      <>
        {addresses.map((a) => (
          <AddressText key={a} address={a} />
        ))}
      </>,
      { fetch: ens.fetch, env: { VITE_ENS_RPC_URL: "https://mainnet-batch.test" } },
    );
    await waitFor(() => expect(screen.getByTitle(addresses[9]!).textContent).toBe("relay9.eth"));
    expect(ens.requests.length).toBe(30);
    expect(ens.httpRequests).toBeLessThan(10);
  });

  it("does not look up something that is not an address", async () => {
    const ens = fakeEnsRpc({});
    renderWithApp(<AddressText address="0x1234" />, {
      fetch: ens.fetch,
      env: { VITE_ENS_RPC_URL: "https://mainnet.test" },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(ens.requests).toEqual([]);
  });
});
