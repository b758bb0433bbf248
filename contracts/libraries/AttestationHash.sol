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
}
