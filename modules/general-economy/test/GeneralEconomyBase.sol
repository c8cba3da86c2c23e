// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "@citysync/module-kit/contracts/test/CityFixture.sol";
import {ModuleKernel} from "@citysync/contracts/kernel/ModuleKernel.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {GeneralEconomy} from "../contracts/GeneralEconomy.sol";
import {GeneralEconomySetup} from "../contracts/GeneralEconomySetup.sol";

/// @notice A fresh city (CityFixture) plus the general economy installed the way a city installs it: the kernel's
/// prepare, the modules committee's approval, apply; the modules committee registers the module as its task policy
/// (dpan.json `taskPolicy`) and the rates committee pins each catalog type's bounds.
abstract contract GeneralEconomyBase is CityFixture {
    string internal constant NAME = "@citysync/dpan-general-economy";
    string internal constant VERSION = "0.1.0";
    bytes32 internal constant CONTENT_HASH = keccak256("general-economy 0.1.0");
    uint256 internal constant ISSUANCE_IDX = 1;
    uint256 internal constant RATES_IDX = 2;
    uint256 internal constant MODULES_IDX = 3;
    uint256 internal constant UPGRADES_IDX = 5;

    bytes32 internal constant FOOD_BANK = keccak256("food-bank-shift");
    bytes32 internal constant TUTORING = keccak256("tutoring-hour");
    bytes32 internal constant NOT_IN_CATALOG = keccak256("graffiti-removal");

    GeneralEconomySetup internal setup;
    GeneralEconomy internal economy;

    function setUp() public virtual override {
        super.setUp();
        setup = new GeneralEconomySetup();
        _accreditAll();
    }

    /// @dev park-cleanup 10..40, food-bank-shift 20..50, tutoring-hour 10..25 (a subset of tasks.json).
    function _catalog() internal pure returns (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) {
        types = new bytes32[](3);
        mins = new uint256[](3);
        maxs = new uint256[](3);
        (types[0], mins[0], maxs[0]) = (PARK_CLEANUP, 10, 40);
        (types[1], mins[1], maxs[1]) = (FOOD_BANK, 20, 50);
        (types[2], mins[2], maxs[2]) = (TUTORING, 10, 25);
    }

    function _initData(bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs)
        internal
        view
        returns (bytes memory)
    {
        return abi.encode(address(issuance), types, mins, maxs);
    }

    function _prepare(bytes memory data) internal returns (uint256 preparationId) {
        preparationId = kernel.prepareInstall(address(setup), NAME, VERSION, CONTENT_HASH, data);
    }

    function _approve(uint256 preparationId) internal {
        _committeeCall(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (preparationId)));
    }

    /// @dev The whole install: kernel three steps, the task policy, then each catalog type's bounds pinned by the
    /// rates committee.
    function _install() internal {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        uint256 id = _prepare(_initData(types, mins, maxs));
        _approve(id);
        kernel.applyPreparation(id, CONTENT_HASH);
        economy = GeneralEconomy(kernel.installation(NAME).module);
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (MODULE, address(economy))));
        for (uint256 i; i < types.length; ++i) {
            _committeeCall(
                RATES_IDX, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (types[i], mins[i], maxs[i]))
            );
        }
    }

    function _moduleTask(bytes32 taskType, uint256 rate, uint32 slots) internal view returns (TaskBoard.TaskParams memory p) {
        p = _taskParams(rate, slots, 0);
        p.taskType = taskType;
    }

    /// @dev The revert data of the module's refusal at publish, exactly as the policy raises it through the board.
    function _expectPublishRefused(TaskBoard.TaskParams memory p, bytes memory moduleError) internal {
        vm.prank(issuer);
        vm.expectRevert(moduleError);
        board.publishTask(p);
    }

    function _publishModuleTask(bytes32 taskType, uint256 rate, uint32 slots) internal returns (uint256 taskId) {
        TaskBoard.TaskParams memory p = _moduleTask(taskType, rate, slots);
        vm.prank(issuer);
        taskId = board.publishTask(p);
    }
}
