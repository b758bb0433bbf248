// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CompactSignature
/// @notice Signer recovery from EIP-2098 compact signatures (`r`, `vs`: 64 bytes).
library CompactSignature {
    /// @dev Half the order of secp256k1: signatures with a larger `s` are malleable copies.
    uint256 private constant HALF_ORDER =
        0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice The address that signed `digest`, or the zero address when `s` is above half the
    ///         curve order or the signature does not recover.
    /// @param vs The top bit is the recovery id (v - 27), the other 255 bits are `s`.
    function recover(bytes32 digest, bytes32 r, bytes32 vs) internal view returns (address signer) {
        uint256 s = uint256(vs) & ((1 << 255) - 1);
        if (s > HALF_ORDER) return address(0);
        assembly ("memory-safe") {
            // The ecrecover precompile's input, past the free memory pointer (not allocated:
            // dead once the call returns). The top bit of `vs` is 0 or 1, so v is 27 or 28.
            let input := mload(0x40)
            mstore(input, digest)
            mstore(add(input, 0x20), add(shr(255, vs), 27))
            mstore(add(input, 0x40), r)
            mstore(add(input, 0x60), s)
            // A signature that does not recover returns no data: the zero in scratch stays.
            mstore(0x00, 0)
            pop(staticcall(gas(), 1, input, 0x80, 0x00, 0x20))
            signer := mload(0x00)
        }
    }
}
