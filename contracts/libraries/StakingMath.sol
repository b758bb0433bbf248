// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title StakingMath
/// @notice Pure arithmetic of RelayStaking: basis-point fractions and how a slash splits
///         between bonded and unbonding stake.
library StakingMath {
    /// @notice 100% in basis points.
    uint256 internal constant BPS = 10_000;

    /// @notice `amount` * `basisPoints` / 10000, rounded down.
    /// @dev Callers pass amounts below 2^130 and basis points <= 10000, so the product cannot overflow.
    function fraction(uint256 amount, uint256 basisPoints) internal pure returns (uint256) {
        return (amount * basisPoints) / BPS;
    }

    /// @notice Splits a slash of `amount` so it takes from `bonded` first, then from
    ///         `unbonding`, and never more than their sum.
    /// @return fromBonded The part taken from bonded stake (<= bonded).
    /// @return fromUnbonding The part taken from unbonding stake (<= unbonding).
    function splitSlash(
        uint256 amount,
        uint256 bonded,
        uint256 unbonding
    ) internal pure returns (uint256 fromBonded, uint256 fromUnbonding) {
        fromBonded = amount < bonded ? amount : bonded;
        uint256 rest;
        // Safe: fromBonded is min(amount, bonded) <= amount.
        unchecked {
            rest = amount - fromBonded;
        }
        fromUnbonding = rest < unbonding ? rest : unbonding;
    }
}
