/** What a wallet shows about the app when it connects (WalletConnect, Base Account, MetaMask). */
export function walletConnectMetadata(origin: string) {
  return {
    name: "StreamrP2P",
    description: "Live streaming relayed by supporters, paid for every byte they deliver",
    url: origin,
    icons: [`${origin}/icons/icon-192.png`, `${origin}/icons/icon-512.png`],
  };
}
