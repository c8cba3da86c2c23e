// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "@citysync/module-kit/contracts/test/CityFixture.sol";
import {ModuleKernel} from "@citysync/contracts/kernel/ModuleKernel.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {OrgRoles} from "@citysync/contracts/libraries/Roles.sol";
import {BlightMce} from "../contracts/BlightMce.sol";
import {BlightMceSetup} from "../contracts/BlightMceSetup.sol";

/// @notice A fresh city (CityFixture) with the blight MCE installed the way a city installs it: the kernel's
/// prepare, the modules committee's approval, apply; the issuance committee sets the event's budget line, the rates
/// committee the catalog's bounds, the modules committee registers the module as the task board's policy.
abstract contract BlightMceBase is CityFixture {
    string internal constant NAME = "@citysync/dpan-blight-mce";
    string internal constant VERSION = "0.1.0";
    bytes32 internal constant CONTENT_HASH = keccak256("blight-mce 0.1.0");
    bytes32 internal constant BLIGHT = keccak256("@citysync/dpan-blight-mce");
    bytes32 internal constant SCHEMA = keccak256("blight-mce evidence schema");
    uint64 internal constant DURATION = 48 hours;
    uint256 internal constant EVENT_BUDGET = 500;
    uint256 internal constant ISSUANCE_IDX = 1;
    uint256 internal constant RATES_IDX = 2;
    uint256 internal constant MODULES_IDX = 3;
    uint256 internal constant UPGRADES_IDX = 5;

    bytes32 internal constant DUMPING = keccak256("illegal-dumping-cleanup");
    bytes32 internal constant AUDIT = keccak256("intersection-audit");
    bytes32 internal constant NOT_IN_CATALOG = keccak256("food-bank-shift");
    // Two resolution-8 H3 cells of west and south Berkeley.
    bytes32 internal constant ZONE_A = bytes32(uint256(0x8828308281fffff));
    bytes32 internal constant ZONE_B = bytes32(uint256(0x882830828bfffff));
    bytes32 internal constant ZONE_UNREGISTERED = bytes32(uint256(0x8828308283fffff));

    BlightMceSetup internal setup;
    BlightMce internal mce;
    address internal transport = makeAddr("issuer.transportation");
    address internal coordinator = makeAddr("coordinator.city-manager");
    uint64 internal eventStart;
    uint64 internal eventEnd;

    function setUp() public virtual override {
        super.setUp();
        setup = new BlightMceSetup();
        _accreditAll();
        _accredit(transport, OrgRoles.ISSUER);
    }

    /// @dev illegal-dumping-cleanup 15..40, intersection-audit 10..30 (a subset of tasks.json).
    function _catalog() internal pure returns (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) {
        types = new bytes32[](2);
        mins = new uint256[](2);
        maxs = new uint256[](2);
        (types[0], mins[0], maxs[0]) = (DUMPING, 15, 40);
        (types[1], mins[1], maxs[1]) = (AUDIT, 10, 30);
    }

    function _initData(uint64 duration) internal view returns (bytes memory) {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        return abi.encode(address(issuance), SCHEMA, duration, types, mins, maxs);
    }

    function _prepare(bytes memory data) internal returns (uint256 preparationId) {
        preparationId = kernel.prepareInstall(address(setup), NAME, VERSION, CONTENT_HASH, data);
    }

    /// @dev Kernel three steps, then budget, bounds and policy through their committees.
    function _install() internal {
        uint256 id = _prepare(_initData(DURATION));
        _committeeCall(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (id)));
        kernel.applyPreparation(id, CONTENT_HASH);
        mce = BlightMce(kernel.installation(NAME).module);
        _committeeCall(ISSUANCE_IDX, address(issuance), abi.encodeCall(IssuanceController.setModuleBudget, (BLIGHT, EVENT_BUDGET)));
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        for (uint256 i; i < types.length; ++i) {
            _committeeCall(RATES_IDX, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (types[i], mins[i], maxs[i])));
        }
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (BLIGHT, address(mce))));
    }

    /// @dev A start the committee's delay leaves in the future, with the 48 hours inside one period.
    function _nextStart() internal view returns (uint64 start) {
        (,, uint64 periodEnd) = credit.currentPeriodBounds();
        start = uint64(block.timestamp + COMMITTEE_DELAY + 1 hours);
        if (start + DURATION > periodEnd) start = periodEnd + 1 hours;
    }

    /// @dev Scheduled by the AccessManager's admin (the upgrades committee), as an installed city does out of the box.
    function _schedule(uint64 start) internal {
        _committeeCall(UPGRADES_IDX, address(mce), abi.encodeCall(BlightMce.scheduleEvent, (start, coordinator)));
        (eventStart, eventEnd,,) = mce.eventWindow();
    }

    /// @dev Install, schedule, register zones A and B, assign A to public works and B to transportation.
    function _installAndPrepareEvent() internal {
        _install();
        _schedule(_nextStart());
        bytes32[] memory zones = new bytes32[](2);
        (zones[0], zones[1]) = (ZONE_A, ZONE_B);
        uint32[] memory ranks = new uint32[](2);
        (ranks[0], ranks[1]) = (1, 2);
        uint32[] memory requests = new uint32[](2);
        (requests[0], requests[1]) = (9, 4);
        vm.startPrank(coordinator);
        mce.registerZones(zones, ranks, requests);
        mce.assignZones(issuer, _one(ZONE_A), true);
        mce.assignZones(transport, _one(ZONE_B), true);
        vm.stopPrank();
    }

    function _one(bytes32 zoneId) internal pure returns (bytes32[] memory list) {
        list = new bytes32[](1);
        list[0] = zoneId;
    }

    function _eventTask(bytes32 taskType, uint256 rate, uint32 slots, bytes32 zoneId)
        internal
        view
        returns (TaskBoard.TaskParams memory p)
    {
        p = _taskParams(rate, slots, 0);
        p.moduleId = BLIGHT;
        p.taskType = taskType;
        p.zoneId = zoneId;
        p.start = eventStart;
        p.end = eventEnd;
        p.evidenceSchemaHash = SCHEMA;
        p.gate = address(mce);
    }

    function _publishAs(address who, TaskBoard.TaskParams memory p) internal returns (uint256 taskId) {
        vm.prank(who);
        taskId = board.publishTask(p);
    }
}
