/**
 * Whatever signs EIP-712 messages for one address: a viem LocalAccount (node, tests) or a
 * wallet client bound to its account (the browser wallet, through `signerOf`).
 */
import type {
  Account,
  Address,
  Chain,
  Hex,
  Transport,
  TypedData,
  TypedDataDefinition,
  WalletClient,
} from "viem";

export interface TypedDataSigner {
  readonly address: Address;
  signTypedData(typedData: TypedDataDefinition<TypedData, string>): Promise<Hex>;
}

/** The signer of a wallet client's own account (the browser wallet asks its user). */
export function signerOf(
  wallet: WalletClient<Transport, Chain | undefined, Account>,
): TypedDataSigner {
  const account = wallet.account;
  return {
    address: account.address,
    signTypedData: (typedData) => wallet.signTypedData({ ...typedData, account }),
  };
}
