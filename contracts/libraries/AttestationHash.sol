// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRewardPools} from "../interfaces/IRewardPools.sol";

/// @title AttestationHash
/// @notice The EIP-712 struct hash of an `IRewardPools.Attestation`.
/// @dev The type string is the one in protocol/src/eip712.ts (`attestationTypes`);
///      test/contracts/Eip712Parity.test.ts proves both sides hash alike.
library AttestationHash {
    /// @notice keccak256 of the EIP-712 type string of `Attestation`.
    bytes32 internal constant TYPEHASH = keccak256(
        "Attestation(uint256 poolId,address account,uint128 cumulativeBytes,uint128 cumulativeAmount)"
    );

    /// @notice `hashStruct(attestation)`: keccak256 of the typehash and the four fields.
    /// @dev Hashes in the scratch space past the free memory pointer without moving it: the
    ///      160 bytes are dead once hashed. Every field is a static type, so each encodes as its
    ///      own zero-padded word, exactly as `abi.encode` would.
    function hash(IRewardPools.Attestation calldata attestation) internal pure returns (bytes32 h) {
        bytes32 typehash = TYPEHASH;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typehash)
            calldatacopy(add(ptr, 0x20), attestation, 0x80)
            h := keccak256(ptr, 0xa0)
        }
    }

    /// @notice The four fields of `attestation`, read in one go without the decoder's checks of
    ///         each field's high bits: they are masked off instead.
    /// @dev Only for an attestation whose signatures were verified against {hash}: that hash
    ///      covers the calldata words as they are, high bits included, and attestors sign
    ///      EIP-712 encodings, whose words have them clear. A word with dirty high bits therefore
    ///      hashes to a digest nobody signed and fails verification before this is read.
    function fields(
        IRewardPools.Attestation calldata attestation
    )
        internal
        pure
        returns (uint256 poolId, address account, uint128 cumulativeBytes, uint128 cumulativeAmount)
    {
        assembly ("memory-safe") {
            poolId := calldataload(attestation)
            account := and(calldataload(add(attestation, 0x20)), sub(shl(160, 1), 1))
            cumulativeBytes := and(calldataload(add(attestation, 0x40)), sub(shl(128, 1), 1))
            cumulativeAmount := and(calldataload(add(attestation, 0x60)), sub(shl(128, 1), 1))
        }
    }
}
