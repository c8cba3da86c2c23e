// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {ERC2771ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/metatx/ERC2771ContextUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Accreditation} from "../identity/Accreditation.sol";
import {CivicCredit} from "../token/CivicCredit.sol";
import {VoteToken} from "../token/VoteToken.sol";
import {IssuanceController} from "../issuance/IssuanceController.sol";
import {TaskBoard} from "../tasks/TaskBoard.sol";
import {Committee} from "../governance/Committee.sol";
import {CityGovernor} from "../governance/CityGovernor.sol";
import {ModuleKernel} from "../kernel/ModuleKernel.sol";
import {CityForwarder} from "../metatx/CityForwarder.sol";
import {CityVault} from "../vault/CityVault.sol";
import {YieldSplitter} from "../vault/YieldSplitter.sol";
import {CityManagerDeployer} from "./CityManagerDeployer.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title CityFactory
/// @notice Stands up a whole city in one call: its forwarder, every core contract behind a UUPS proxy, the six
/// committees, the resident Governor, the City Vault (when the city has one), and the AccessManager's role map; then it renounces its own admin role, so
/// from the first block after deployment every parameter moves only through a committee's threshold and delay.
/// The city's AccessManager is created inside {deployCity} at an address fixed by the caller and the ticker, so no
/// one can front-run a deployment onto someone else's manager. Implementations are deployed once per chain and
/// passed in (TaskBoard and CivicCredit bind the city's forwarder at construction: predict it with
/// {predictForwarder} from the deploying account and the ticker).
contract CityFactory {
    /// @notice Committee order in {CityParams.committees}.
    uint256 public constant ACCREDITATION = 0;
    uint256 public constant ISSUANCE = 1;
    uint256 public constant RATES = 2;
    uint256 public constant MODULES = 3;
    uint256 public constant VAULT = 4;
    uint256 public constant UPGRADES = 5;
    uint256 public constant COMMITTEE_COUNT = 6;

    struct CommitteeParams {
        address[] members;
        uint32 threshold;
        uint32 delay; // execution delay of every call the committee makes, in seconds
    }

    struct GovernorParams {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumPercent;
    }

    /// @dev A budget line opens with the task policy its tasks must pass, set in the same transaction: the task
    /// board publishes nothing under a module without one. `OpenTaskPolicy` adds no rule beyond the core's.
    struct Budget {
        bytes32 moduleId;
        uint256 perPeriod;
        address policy;
    }

    /// @dev `asset == address(0)`: the city has no vault.
    struct VaultParams {
        address asset; // what donors give (e.g. a dollar stablecoin)
        address yieldSource; // an ERC-4626 over `asset` where the principal earns its yield
        uint64 payoutPeriod; // seconds per payout period of the budget lines' caps
        uint16 minLineBps; // bounds of each budget line's share of the yield
        uint16 maxLineBps;
        YieldSplitter.BudgetLine[] lines; // the initial split (later changes: the vault committee)
    }

    struct CityParams {
        string name; // "Berkeley"
        string symbol; // "BRKY"
        uint256 periodLength;
        uint256 coverageBps;
        uint256 minCoverageBps;
        uint256 maxCoverageBps;
        uint256 minRate;
        uint256 maxRate;
        uint256 minPrice;
        uint256 maxPrice;
        CommitteeParams[] committees; // ACCREDITATION .. UPGRADES
        address[] guardians;
        GovernorParams governor;
        Budget[] budgets; // initial module budget lines
        VaultParams vault;
    }

    struct Implementations {
        address accreditation;
        address credit;
        address votes;
        address issuance;
        address taskBoard;
        address committee;
        address governor;
        address kernel;
        address vault; // unused when the city has no vault
        address splitter;
    }

    struct City {
        address manager;
        address forwarder;
        address accreditation;
        address credit;
        address votes;
        address issuance;
        address taskBoard;
        address governor;
        address kernel;
        address[] committees;
        address vault; // zero when the city has no vault
        address splitter;
    }

    /// @notice Creates every city's AccessManager (its creation code does not fit in this contract).
    CityManagerDeployer public immutable managerDeployer;

    /// @notice A city was deployed.
    event CityDeployed(string name, string symbol, address indexed manager, City city);

    /// @notice Budget line `moduleId` names no task policy: its budget would pay for no rules at all.
    error CityFactoryBudgetWithoutPolicy(bytes32 moduleId);
    error CityFactoryWrongCommitteeCount(uint256 count);
    error CityFactoryForwarderMismatch(address implementation, address expected, address actual);
    /// @notice The upgrades committee administers the AccessManager, whose own calls are always scheduled: with no
    /// delay nothing can be scheduled, and the manager's administration would be unreachable.
    error CityFactoryZeroAdminDelay();

    constructor() {
        managerDeployer = new CityManagerDeployer();
    }

    /// @notice The AccessManager address the city `deployer` deploys with ticker `symbol` will have.
    function predictManager(address deployer, string calldata symbol) public view returns (address) {
        return managerDeployer.predict(_managerSalt(deployer, symbol));
    }

    /// @notice The forwarder address the city `deployer` deploys with ticker `symbol` will have.
    function predictForwarder(address deployer, string calldata symbol) external view returns (address) {
        bytes32 initCodeHash = keccak256(_forwarderInitCode(symbol));
        bytes32 salt = _salt(predictManager(deployer, symbol));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }

    /// @notice Deploys and wires a city on a new AccessManager created here for the caller and `params.symbol`
    /// (see {predictManager}); one city per caller and ticker.
    /// Requirements: six committees, the upgrades committee's delay non-zero, implementations of CivicCredit and
    /// TaskBoard bound to {predictForwarder} of the caller and the ticker.
    /// @dev Emits {CityDeployed}. The factory holds no role afterwards.
    function deployCity(CityParams calldata params, Implementations calldata impls) external returns (City memory city) {
        if (params.committees.length != COMMITTEE_COUNT) revert CityFactoryWrongCommitteeCount(params.committees.length);
        if (params.committees[UPGRADES].delay == 0) revert CityFactoryZeroAdminDelay();
        AccessManager manager = managerDeployer.deploy(_managerSalt(msg.sender, params.symbol));

        city.manager = address(manager);
        city.forwarder = address(new CityForwarder{salt: _salt(address(manager))}(string.concat(params.symbol, " Forwarder")));
        _checkForwarder(impls.credit, city.forwarder);
        _checkForwarder(impls.taskBoard, city.forwarder);

        _deployCore(city, params, impls);
        _deployGovernance(city, params, impls);
        _deployVault(city, params, impls);
        CityForwarder(city.forwarder).initialize(city.accreditation);

        CivicCredit(city.credit).setIssuer(city.issuance, city.votes);
        IssuanceController(city.issuance).setTaskBoard(city.taskBoard);
        Accreditation(city.accreditation).setRoleSink(city.taskBoard);
        Accreditation(city.accreditation).setRedeemerSink(city.credit);
        for (uint256 i; i < params.budgets.length; ++i) {
            Budget calldata b = params.budgets[i];
            if (b.policy == address(0)) revert CityFactoryBudgetWithoutPolicy(b.moduleId);
            IssuanceController(city.issuance).setModuleBudget(b.moduleId, b.perPeriod);
            TaskBoard(city.taskBoard).setModulePolicy(b.moduleId, b.policy);
        }

        _configureRoles(manager, city, params);
        manager.renounceRole(Roles.ADMIN, address(this));
        emit CityDeployed(params.name, params.symbol, address(manager), city);
    }

    function _deployCore(City memory city, CityParams calldata params, Implementations calldata impls) private {
        address m = city.manager;
        city.accreditation = _proxy(impls.accreditation, abi.encodeCall(Accreditation.initialize, (m)));
        city.credit = _proxy(
            impls.credit,
            abi.encodeCall(
                CivicCredit.initialize,
                (
                    m,
                    string.concat(params.name, " Civic Credit"),
                    params.symbol,
                    city.accreditation,
                    params.periodLength,
                    params.minPrice,
                    params.maxPrice
                )
            )
        );
        city.votes = _proxy(
            impls.votes,
            abi.encodeCall(
                VoteToken.initialize,
                (m, city.credit, string.concat(params.name, " Civic Vote"), string.concat("v", params.symbol))
            )
        );
        city.issuance = _proxy(
            impls.issuance,
            abi.encodeCall(
                IssuanceController.initialize,
                (
                    m,
                    city.credit,
                    params.coverageBps,
                    params.minCoverageBps,
                    params.maxCoverageBps,
                    params.minRate,
                    params.maxRate
                )
            )
        );
        city.taskBoard =
            _proxy(impls.taskBoard, abi.encodeCall(TaskBoard.initialize, (m, city.accreditation, city.issuance)));
        city.kernel = _proxy(impls.kernel, abi.encodeCall(ModuleKernel.initialize, (m)));
    }

    function _deployGovernance(City memory city, CityParams calldata params, Implementations calldata impls) private {
        city.committees = new address[](COMMITTEE_COUNT);
        string[6] memory names = ["accreditation", "issuance", "rates", "modules", "vault", "upgrades"];
        for (uint256 i; i < COMMITTEE_COUNT; ++i) {
            CommitteeParams calldata c = params.committees[i];
            city.committees[i] = _proxy(
                impls.committee, abi.encodeCall(Committee.initialize, (city.manager, names[i], c.members, c.threshold))
            );
        }
        GovernorParams calldata g = params.governor;
        city.governor = _proxy(
            impls.governor,
            abi.encodeCall(
                CityGovernor.initialize,
                (
                    city.manager,
                    city.votes,
                    string.concat(params.name, " Residents"),
                    g.votingDelay,
                    g.votingPeriod,
                    g.proposalThreshold,
                    g.quorumPercent
                )
            )
        );
    }

    function _deployVault(City memory city, CityParams calldata params, Implementations calldata impls) private {
        VaultParams calldata v = params.vault;
        if (v.asset == address(0)) return;
        city.splitter = _proxy(
            impls.splitter,
            abi.encodeCall(
                YieldSplitter.initialize, (city.manager, IERC20(v.asset), v.payoutPeriod, v.minLineBps, v.maxLineBps)
            )
        );
        city.vault = _proxy(
            impls.vault,
            abi.encodeCall(
                CityVault.initialize,
                (
                    city.manager,
                    IERC20(v.asset),
                    IERC4626(v.yieldSource),
                    YieldSplitter(city.splitter),
                    string.concat(params.name, " City Vault"),
                    string.concat("cv", params.symbol)
                )
            )
        );
        // Before the roles are mapped, setSplit is still the admin's (this factory's) to call.
        if (v.lines.length > 0) YieldSplitter(city.splitter).setSplit(v.lines);
    }

    function _configureRoles(AccessManager manager, City memory city, CityParams calldata params) private {
        _restrict(manager, city.accreditation, Accreditation.accredit.selector, Roles.ACCREDITATION_COMMITTEE);
        _restrict(manager, city.accreditation, Accreditation.revoke.selector, Roles.ACCREDITATION_COMMITTEE);
        _restrict(manager, city.credit, CivicCredit.setPeriodLength.selector, Roles.ISSUANCE_COMMITTEE);
        _restrict(manager, city.credit, CivicCredit.setPriceBounds.selector, Roles.RATES_COMMITTEE);
        _restrict(manager, city.issuance, IssuanceController.setCoverageRatio.selector, Roles.COVERAGE_SETTER);
        _restrict(manager, city.issuance, IssuanceController.setCoverageBounds.selector, Roles.ISSUANCE_COMMITTEE);
        _restrict(manager, city.issuance, IssuanceController.setModuleBudget.selector, Roles.ISSUANCE_COMMITTEE);
        _restrict(manager, city.issuance, IssuanceController.setIssuerBudget.selector, Roles.ISSUANCE_COMMITTEE);
        _restrict(manager, city.issuance, IssuanceController.refreshCap.selector, Roles.ISSUANCE_COMMITTEE);
        _restrict(manager, city.issuance, IssuanceController.setRateBounds.selector, Roles.RATES_COMMITTEE);
        _restrict(manager, city.kernel, ModuleKernel.approve.selector, Roles.MODULES_COMMITTEE);
        _restrict(manager, city.kernel, ModuleKernel.revoke.selector, Roles.MODULES_COMMITTEE);
        _restrict(manager, city.kernel, ModuleKernel.setPreparationLifetime.selector, Roles.MODULES_COMMITTEE);
        _restrict(manager, city.taskBoard, TaskBoard.setModulePolicy.selector, Roles.MODULES_COMMITTEE);
        // Rewiring the minter is an upgrade-grade decision; on the committee's role (not ADMIN) a guardian can veto it.
        _restrict(manager, city.credit, CivicCredit.setIssuer.selector, Roles.UPGRADES_COMMITTEE);
        _restrict(manager, city.issuance, IssuanceController.setTaskBoard.selector, Roles.UPGRADES_COMMITTEE);
        _restrict(manager, city.accreditation, Accreditation.setRoleSink.selector, Roles.UPGRADES_COMMITTEE);
        _restrict(manager, city.accreditation, Accreditation.setRedeemerSink.selector, Roles.UPGRADES_COMMITTEE);
        _restrict(manager, city.credit, CivicCredit.forceCloseOffer.selector, Roles.ACCREDITATION_COMMITTEE);

        address[7] memory upgradeable = [
            city.accreditation,
            city.credit,
            city.votes,
            city.issuance,
            city.taskBoard,
            city.governor,
            city.kernel
        ];
        for (uint256 i; i < upgradeable.length; ++i) {
            _restrict(manager, upgradeable[i], UUPSUpgradeable.upgradeToAndCall.selector, Roles.UPGRADES_COMMITTEE);
        }
        if (city.vault != address(0)) {
            // The split is the vault committee's; its bounds and every upgrade are the upgrades committee's. No
            // role can take principal: the vault's PrincipalLock has no such function.
            _restrict(manager, city.splitter, YieldSplitter.setSplit.selector, Roles.VAULT_COMMITTEE);
            _restrict(manager, city.splitter, YieldSplitter.setSplitBounds.selector, Roles.UPGRADES_COMMITTEE);
            _restrict(manager, city.splitter, UUPSUpgradeable.upgradeToAndCall.selector, Roles.UPGRADES_COMMITTEE);
            _restrict(manager, city.vault, UUPSUpgradeable.upgradeToAndCall.selector, Roles.UPGRADES_COMMITTEE);
        }

        uint64[6] memory committeeRoles = [
            Roles.ACCREDITATION_COMMITTEE,
            Roles.ISSUANCE_COMMITTEE,
            Roles.RATES_COMMITTEE,
            Roles.MODULES_COMMITTEE,
            Roles.VAULT_COMMITTEE,
            Roles.UPGRADES_COMMITTEE
        ];
        for (uint256 i; i < COMMITTEE_COUNT; ++i) {
            address committee = city.committees[i];
            uint64 role = committeeRoles[i];
            uint32 delay = params.committees[i].delay;
            _restrict(manager, committee, Committee.setMembership.selector, role);
            _restrict(manager, committee, UUPSUpgradeable.upgradeToAndCall.selector, Roles.UPGRADES_COMMITTEE);
            manager.grantRole(role, committee, delay);
            manager.setRoleGuardian(role, Roles.GUARDIAN);
        }
        manager.labelRole(Roles.ACCREDITATION_COMMITTEE, "accreditation committee");
        manager.labelRole(Roles.ISSUANCE_COMMITTEE, "issuance committee");
        manager.labelRole(Roles.RATES_COMMITTEE, "rates committee");
        manager.labelRole(Roles.MODULES_COMMITTEE, "modules committee");
        manager.labelRole(Roles.VAULT_COMMITTEE, "vault committee");
        manager.labelRole(Roles.UPGRADES_COMMITTEE, "upgrades committee");
        manager.labelRole(Roles.GUARDIAN, "guardian");
        manager.labelRole(Roles.COVERAGE_SETTER, "coverage setter");
        manager.labelRole(Roles.KERNEL, "module kernel");
        manager.labelRole(Roles.MODULE_OPERATOR, "module operator");

        // Residents move the coverage ratio by vote; the issuance committee may too, with its delay.
        manager.grantRole(Roles.COVERAGE_SETTER, city.governor, 0);
        manager.grantRole(Roles.COVERAGE_SETTER, city.committees[ISSUANCE], params.committees[ISSUANCE].delay);
        manager.setRoleGuardian(Roles.COVERAGE_SETTER, Roles.GUARDIAN);
        for (uint256 i; i < params.guardians.length; ++i) {
            manager.grantRole(Roles.GUARDIAN, params.guardians[i], 0);
        }

        // The kernel administers only the roles modules may request.
        manager.grantRole(Roles.KERNEL, city.kernel, 0);
        manager.setRoleAdmin(Roles.MODULE_OPERATOR, Roles.KERNEL);

        // The AccessManager's own admin is the upgrades committee, with its delay.
        manager.grantRole(Roles.ADMIN, city.committees[UPGRADES], params.committees[UPGRADES].delay);
    }

    function _restrict(AccessManager manager, address target, bytes4 selector, uint64 role) private {
        bytes4[] memory selectors = new bytes4[](1);
        selectors[0] = selector;
        manager.setTargetFunctionRole(target, selectors, role);
    }

    function _proxy(address implementation, bytes memory init) private returns (address) {
        return address(new ERC1967Proxy(implementation, init));
    }

    function _checkForwarder(address implementation, address forwarder) private view {
        address actual = ERC2771ContextUpgradeable(implementation).trustedForwarder();
        if (actual != forwarder) revert CityFactoryForwarderMismatch(implementation, forwarder, actual);
    }

    function _salt(address manager) private pure returns (bytes32) {
        return keccak256(abi.encode(manager));
    }

    function _managerSalt(address deployer, string calldata symbol) private pure returns (bytes32) {
        return keccak256(abi.encode(deployer, symbol));
    }

    function _forwarderInitCode(string calldata symbol) private pure returns (bytes memory) {
        return abi.encodePacked(type(CityForwarder).creationCode, abi.encode(string.concat(symbol, " Forwarder")));
    }
}
