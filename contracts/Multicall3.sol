// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * The part of Multicall3's ABI the gateway uses (aggregate3, getEthBalance, getBlockNumber), written
 * for the local chains: the local stack installs its runtime code at Multicall3's canonical address
 * (0xcA11bde05977b3631167028862bE2a173976CA11), where the real contract lives on BSC and Polygon, so
 * the reconciliation reads balances through the same calls locally and on the real networks.
 */
contract Multicall3 {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory returnData) {
        uint256 length = calls.length;
        returnData = new Result[](length);
        for (uint256 i = 0; i < length; i++) {
            Call3 calldata c = calls[i];
            (bool ok, bytes memory data) = c.target.call(c.callData);
            require(ok || c.allowFailure, "Multicall3: call failed");
            returnData[i] = Result(ok, data);
        }
    }

    function getEthBalance(address addr) external view returns (uint256 balance) {
        balance = addr.balance;
    }

    function getBlockNumber() external view returns (uint256 blockNumber) {
        blockNumber = block.number;
    }
}
