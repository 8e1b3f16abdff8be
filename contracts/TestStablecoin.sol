// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestStablecoin
/// @notice Local stand-in for USDT/USDC. Decimals are a constructor argument because the real tokens
///         differ per chain (18 on BSC, 6 on Polygon) and decimal bugs must show up locally.
/// @dev Never deploy outside a local chain: the owner can mint without limit.
contract TestStablecoin is ERC20, Ownable {
    uint8 private immutable _decimals;

    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address initialHolder,
        uint256 initialSupply
    ) ERC20(name_, symbol_) Ownable(msg.sender) {
        _decimals = decimals_;
        _mint(initialHolder, initialSupply);
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Lets tests create balances beyond the faucet's initial supply.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
