// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The Hardhat (Foundry-compatible) cheatcodes the Solidity tests use.
interface Vm {
    function prank(address sender) external;
    function warp(uint256 timestamp) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit() external;
    function assume(bool condition) external;
    function sign(
        uint256 privateKey,
        bytes32 digest
    ) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

/// @notice The cheatcode handle, input bounding and assertions, without forge-std.
abstract contract VmTest {
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    error AssertionFailed(string what, uint256 actual, uint256 expected);
    error AssertionFailedBool(string what);

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailed(what, actual, expected);
    }

    function assertLe(uint256 actual, uint256 ceiling, string memory what) internal pure {
        if (actual > ceiling) revert AssertionFailed(what, actual, ceiling);
    }

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailedBool(what);
    }

    /// @dev Maps `x` into [min, max] (min <= max) without discarding fuzz runs.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min == 0 && max == type(uint256).max) return x;
        return min + (x % (max - min + 1));
    }

    /// @dev A 65-byte (r, s, v) signature of `digest` by `privateKey`.
    function signature(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev An EIP-2098 compact signature (r, vs) of `digest` by `privateKey`.
    function signCompact(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, bytes32(uint256(s) | (uint256(v - 27) << 255)));
    }
}
