// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title AttestorSetCode
/// @notice Stores an attestor set as the code of a data contract (the SSTORE2 pattern): reading
///         n addresses costs one cold account access instead of n cold storage reads.
/// @dev The data contract's code is a STOP byte (so it can never run) followed by the addresses,
///      20 bytes each.
library AttestorSetCode {
    /// @notice Deploying the data contract failed.
    error AttestorSetDeployFailed();

    /// @notice Deploys a data contract holding `set`.
    /// @param set At most 1,228 addresses (the code size limit); callers cap it far lower.
    /// @return pointer The data contract.
    function store(address[] memory set) internal returns (address pointer) {
        uint256 n = set.length;
        bytes memory runtime = new bytes(1 + 20 * n);
        for (uint256 i; i < n; ++i) {
            address member = set[i];
            assembly ("memory-safe") {
                // Writes the 20 address bytes left-aligned at byte 1 + 20i of `runtime`; the 12
                // bytes written past them are overwritten by the next member or lie past the end.
                mstore(add(add(runtime, 33), mul(i, 20)), shl(96, member))
            }
        }
        // PUSH2 len, DUP1, PUSH1 10, RETURNDATASIZE, CODECOPY, RETURNDATASIZE, RETURN: returns
        // the `len` bytes that follow this 10-byte header as the new contract's code.
        bytes memory creation = abi.encodePacked(
            hex"61",
            uint16(runtime.length),
            hex"80600a3d393df3",
            runtime
        );
        assembly ("memory-safe") {
            pointer := create(0, add(creation, 32), mload(creation))
        }
        if (pointer == address(0)) revert AttestorSetDeployFailed();
    }

    /// @notice Reads the `size` addresses stored at `pointer`.
    function load(address pointer, uint256 size) internal view returns (address[] memory set) {
        set = new address[](size);
        assembly ("memory-safe") {
            // Copies the packed addresses into the free memory past `set`'s words, then spreads
            // them into `set`, one right-aligned word each. The scratch copy is not allocated.
            let data := mload(0x40)
            extcodecopy(pointer, data, 1, mul(size, 20))
            for {
                let i := 0
            } lt(i, size) {
                i := add(i, 1)
            } {
                mstore(add(set, mul(add(i, 1), 32)), shr(96, mload(add(data, mul(i, 20)))))
            }
        }
    }
}
