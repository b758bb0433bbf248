// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title TestToken
/// @notice A permit-capable (ERC-2612) stand-in for a stablecoin on local chains and testnets.
///         Anyone may mint: it has no value and must never be deployed to a production network.
contract TestToken is ERC20, ERC20Permit {
    uint8 private immutable _decimals;

    /// @param name_ Token name, also the EIP-712 domain name for permits.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Decimals (6 mimics USDC).
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_
    ) ERC20(name_, symbol_) ERC20Permit(name_) {
        _decimals = decimals_;
    }

    /// @notice Mints `amount` to `to`: a faucet for local and test networks.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }
}
