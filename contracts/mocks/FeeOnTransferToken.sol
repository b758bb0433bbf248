// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice Test-only ERC-20 that burns `feeBps` of every transfer between two accounts.
contract FeeOnTransferToken is ERC20 {
    uint256 private immutable _feeBps;

    /// @param feeBps The share of each transfer burnt, in basis points (10,000 burns it all).
    constructor(uint256 feeBps) ERC20("Fee Token", "FEE") {
        _feeBps = feeBps;
    }

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @dev Burns the fee from the sender, then moves the rest.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = (value * _feeBps) / 10_000;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}
