// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Test, Vm} from "forge-std/Test.sol";

/// @dev A do-nothing target. Calling it tells an isolated run (where every top-level call is a whole
///      transaction, so it costs >= 21,000) from a plain one (where it costs a few hundred gas).
contract IsolationProbe {
    function ping() external {}
}

/// @title FullTxGas
/// @notice Records what a relayer pays for one operation: the full-transaction gas of a call sent as
///         its own transaction, with cold accounts and storage, exactly as on chain.
/// @dev Must run under Foundry isolation (`isolate = true` in `[profile.bench]`, i.e. FOUNDRY_PROFILE=bench,
///      or `forge test --isolate`). In that mode forge executes each top-level call of a test as a separate
///      transaction, and `vm.lastCallGas().gasTotalUsed` is that transaction's receipt `gasUsed`:
///      21,000 intrinsic + calldata (EIP-2028: 16 per nonzero byte, 4 per zero byte) + execution, after the
///      refund cap. This was checked against anvil receipts for byte-identical transactions
///      (`node scripts/bench-gas.mjs --verify-anvil`, see bench/README.md), so nothing is added here.
///      Without isolation the figure would be execution only, with storage already warm from setUp, so
///      `_recordTx` refuses to run un-isolated.
///
///      Each figure is written to bench/results/.figures/<name>.json (one file per figure, so the result
///      does not depend on which test runs first or whether tests run in parallel); scripts/bench-gas.mjs
///      collects them into bench/results/gas.json.
abstract contract FullTxGas is Test {
    /// @dev EIP-2028 calldata prices and the base cost of any transaction.
    uint256 internal constant TX_BASE_GAS = 21_000;
    uint256 internal constant CALLDATA_ZERO_BYTE_GAS = 4;
    uint256 internal constant CALLDATA_NONZERO_BYTE_GAS = 16;

    /// @notice The default sender of measured transactions: a plain EOA, as a relayer would be.
    address internal immutable RELAYER = makeAddr("bench.relayer");

    string internal constant FIGURES_DIR = "/bench/results/.figures/";

    IsolationProbe private _probe;
    bool private _isolationChecked;

    /// @notice Sends `data` to `target` from RELAYER as its own transaction and records its full gas.
    function _recordTx(string memory name, address target, bytes memory data) internal returns (uint256 gasUsed) {
        return _recordTx(name, RELAYER, target, data);
    }

    /// @notice Sends `data` to `target` from `from` as its own transaction and records its full gas.
    function _recordTx(string memory name, address from, address target, bytes memory data)
        internal
        returns (uint256 gasUsed)
    {
        gasUsed = _measure(from, target, data);
        _write(name, gasUsed, gasUsed, 1, from, target, data);
    }

    /// @notice Like `_recordTx` for one transaction that completes `items` operations (e.g. a 50-item
    ///         batch): records the per-item figure, transaction gas / items (rounded down), as `name`.
    function _recordBatchTx(string memory name, address target, bytes memory data, uint256 items)
        internal
        returns (uint256 perItem)
    {
        return _recordBatchTx(name, RELAYER, target, data, items);
    }

    /// @notice `_recordBatchTx` from an explicit sender.
    function _recordBatchTx(string memory name, address from, address target, bytes memory data, uint256 items)
        internal
        returns (uint256 perItem)
    {
        require(items > 0, "FullTxGas: items must be > 0");
        uint256 txGas = _measure(from, target, data);
        perItem = txGas / items;
        _write(name, perItem, txGas, items, from, target, data);
    }

    /// @notice EIP-2028 calldata gas of `data` (part of the intrinsic cost; reported in the breakdown).
    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i = 0; i < data.length; ++i) {
            gas += data[i] == 0 ? CALLDATA_ZERO_BYTE_GAS : CALLDATA_NONZERO_BYTE_GAS;
        }
    }

    /// @dev One measured transaction. It lands one block (12 s) after whatever came before, as a
    ///      relayer's transaction would land after the setup, so block-keyed state (e.g. ERC20Votes
    ///      checkpoints) takes its steady-state path of writing a new entry.
    function _measure(address from, address target, bytes memory data) private returns (uint256) {
        _requireIsolation();
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 12);
        vm.prank(from);
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        return vm.lastCallGas().gasTotalUsed;
    }

    /// @dev An un-isolated figure would be silently wrong (no 21,000, no calldata, warm storage): fail instead.
    function _requireIsolation() private {
        if (_isolationChecked) return;
        if (address(_probe) == address(0)) _probe = new IsolationProbe();
        _probe.ping();
        require(
            vm.lastCallGas().gasTotalUsed >= TX_BASE_GAS,
            "FullTxGas: calls are not isolated; run with FOUNDRY_PROFILE=bench (isolate = true) or --isolate"
        );
        _isolationChecked = true;
    }

    function _write(
        string memory name,
        uint256 figure,
        uint256 txGas,
        uint256 items,
        address from,
        address target,
        bytes memory data
    ) private {
        uint256 calldataGas = _calldataGas(data);
        string memory key = string.concat("fulltxgas.", name);
        vm.serializeString(key, "name", name);
        vm.serializeUint(key, "gas", figure);
        vm.serializeUint(key, "txGas", txGas);
        vm.serializeUint(key, "items", items);
        vm.serializeUint(key, "intrinsicGas", TX_BASE_GAS);
        vm.serializeUint(key, "calldataGas", calldataGas);
        vm.serializeUint(key, "executionGas", txGas - TX_BASE_GAS - calldataGas);
        vm.serializeAddress(key, "from", from);
        vm.serializeAddress(key, "to", target);
        string memory json = vm.serializeBytes(key, "calldata", data);

        string memory dir = string.concat(vm.projectRoot(), FIGURES_DIR);
        vm.createDir(dir, true);
        vm.writeJson(json, string.concat(dir, name, ".json"));
    }
}
