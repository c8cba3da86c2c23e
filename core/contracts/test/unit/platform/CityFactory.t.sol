// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Vm} from "forge-std/Vm.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {PlatformBase} from "./PlatformBase.sol";
import {CityFactory} from "../../../factory/CityFactory.sol";
import {Accreditation} from "../../../identity/Accreditation.sol";
import {CivicCredit} from "../../../token/CivicCredit.sol";
import {VoteToken} from "../../../token/VoteToken.sol";
import {IssuanceController} from "../../../issuance/IssuanceController.sol";
import {TaskBoard} from "../../../tasks/TaskBoard.sol";
import {Committee} from "../../../governance/Committee.sol";
import {CityGovernor} from "../../../governance/CityGovernor.sol";
import {ModuleKernel} from "../../../kernel/ModuleKernel.sol";
import {Roles} from "../../../libraries/Roles.sol";
import {CityVault} from "../../../vault/CityVault.sol";
import {YieldSplitter} from "../../../vault/YieldSplitter.sol";
import {CityManagerDeployer} from "../../../factory/CityManagerDeployer.sol";

contract PlatformCityFactoryTest is PlatformBase {
    function _impls(address forwarder_) internal returns (CityFactory.Implementations memory) {
        return CityFactory.Implementations({
            accreditation: address(new Accreditation()),
            credit: address(new CivicCredit(forwarder_)),
            votes: address(new VoteToken()),
            issuance: address(new IssuanceController()),
            taskBoard: address(new TaskBoard(forwarder_)),
            committee: address(new Committee()),
            governor: address(new CityGovernor()),
            kernel: address(new ModuleKernel()),
            vault: address(new CityVault()),
            splitter: address(new YieldSplitter())
        });
    }

    function _fresh() internal returns (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) {
        f = new CityFactory();
        m = AccessManager(f.predictManager(address(this), "BRKY")); // created by deployCity
        impls = _impls(f.predictForwarder(address(this), "BRKY"));
    }

    function _has(uint64 role, address who) internal view returns (bool yes) {
        (yes,) = manager.hasRole(role, who);
    }

    function _upgradeables() internal view returns (address[15] memory a) {
        a = [
            address(accreditation),
            address(credit),
            address(votes),
            address(issuance),
            address(board),
            address(governor),
            address(kernel),
            address(committees[0]),
            address(committees[1]),
            address(committees[2]),
            address(committees[3]),
            address(committees[4]),
            address(committees[5]),
            address(vault),
            address(splitter)
        ];
    }

    // ---------------------------------------------------------------- wiring

    function test_deployCity_wiresContracts() public view {
        (address minter, address voteSink) = credit.issuer();
        assertEq(minter, address(issuance));
        assertEq(voteSink, address(votes));
        (address taskBoard_, address credit_) = issuance.wiring();
        assertEq(taskBoard_, address(board));
        assertEq(credit_, address(credit));
        assertEq(forwarder.accreditation(), address(accreditation));
        assertEq(votes.ledger(), address(credit));
        assertEq(address(governor.token()), address(votes));
        assertEq(board.trustedForwarder(), address(forwarder));
        assertEq(credit.trustedForwarder(), address(forwarder));
        assertEq(city.manager, address(manager));
        assertEq(factory.predictForwarder(address(this), "BRKY"), address(forwarder));
        assertEq(factory.predictManager(address(this), "BRKY"), address(manager));

        address[15] memory proxies = _upgradeables();
        for (uint256 i; i < proxies.length; ++i) {
            assertEq(Accreditation(proxies[i]).authority(), address(manager));
        }
    }

    function test_deployCity_appliesParameters() public view {
        assertEq(credit.name(), "Berkeley Civic Credit");
        assertEq(credit.symbol(), "BRKY");
        assertEq(votes.name(), "Berkeley Civic Vote");
        assertEq(votes.symbol(), "vBRKY");
        assertEq(credit.periodLength(), PERIOD);
        (uint256 minPrice, uint256 maxPrice) = credit.priceBounds();
        assertEq(minPrice, 1);
        assertEq(maxPrice, 500);
        (uint256 ratio, uint256 minBps, uint256 maxBps) = issuance.coverage();
        assertEq(ratio, 10_000);
        assertEq(minBps, 5_000);
        assertEq(maxBps, 15_000);
        (uint256 minRate, uint256 maxRate) = issuance.rateBounds(bytes32(0));
        assertEq(minRate, 1);
        assertEq(maxRate, 100);
        assertEq(issuance.moduleBudget(MODULE), MODULE_BUDGET);
    }

    function test_deployCity_committeesMembership() public view {
        string[6] memory names = ["accreditation", "issuance", "rates", "modules", "vault", "upgrades"];
        assertEq(city.committees.length, 6);
        for (uint256 i; i < 6; ++i) {
            assertEq(committees[i].name(), names[i]);
            (address[] memory ms, uint256 threshold) = committees[i].membership();
            assertEq(threshold, THRESHOLD);
            assertEq(ms.length, MEMBERS);
            for (uint256 j; j < MEMBERS; ++j) {
                assertEq(ms[j], members[i][j]);
            }
        }
    }

    // ---------------------------------------------------------------- the role map

    function test_deployCity_factoryHoldsNoRole() public view {
        (bool isAdmin,) = manager.hasRole(0, address(factory));
        assertFalse(isAdmin);
        for (uint64 role = 1; role <= Roles.KERNEL; ++role) {
            assertFalse(_has(role, address(factory)));
        }
        assertFalse(_has(Roles.MODULE_OPERATOR, address(factory)));
    }

    function test_deployCity_upgradesCommitteeIsSoleAdminWithDelay() public view {
        (bool isAdmin, uint32 delay) = manager.hasRole(Roles.ADMIN, address(committees[UPGRADES_IDX]));
        assertTrue(isAdmin);
        assertEq(delay, COMMITTEE_DELAY);
        for (uint256 i; i < 5; ++i) {
            assertFalse(_has(Roles.ADMIN, address(committees[i])));
        }
        assertFalse(_has(Roles.ADMIN, address(governor)));
        assertFalse(_has(Roles.ADMIN, address(kernel)));
        assertFalse(_has(Roles.ADMIN, guardian));
        assertFalse(_has(Roles.ADMIN, address(this)));
    }

    function test_deployCity_committeesHoldTheirRolesWithDelay() public view {
        uint64[6] memory roles = [
            Roles.ACCREDITATION_COMMITTEE,
            Roles.ISSUANCE_COMMITTEE,
            Roles.RATES_COMMITTEE,
            Roles.MODULES_COMMITTEE,
            Roles.VAULT_COMMITTEE,
            Roles.UPGRADES_COMMITTEE
        ];
        for (uint256 i; i < 6; ++i) {
            (bool member, uint32 delay) = manager.hasRole(roles[i], address(committees[i]));
            assertTrue(member);
            assertEq(delay, COMMITTEE_DELAY);
            assertEq(manager.getRoleGuardian(roles[i]), Roles.GUARDIAN);
            assertEq(
                manager.getTargetFunctionRole(address(committees[i]), Committee.setMembership.selector), roles[i]
            );
            // No committee member holds the committee's role personally.
            for (uint256 j; j < MEMBERS; ++j) {
                assertFalse(_has(roles[i], members[i][j]));
            }
        }
    }

    function test_deployCity_coverageSetterGuardianKernel() public view {
        (bool gov, uint32 govDelay) = manager.hasRole(Roles.COVERAGE_SETTER, address(governor));
        assertTrue(gov);
        assertEq(govDelay, 0);
        (bool comm, uint32 commDelay) = manager.hasRole(Roles.COVERAGE_SETTER, address(committees[ISSUANCE_IDX]));
        assertTrue(comm);
        assertEq(commDelay, COMMITTEE_DELAY);
        assertEq(manager.getRoleGuardian(Roles.COVERAGE_SETTER), Roles.GUARDIAN);

        (bool g, uint32 gDelay) = manager.hasRole(Roles.GUARDIAN, guardian);
        assertTrue(g);
        assertEq(gDelay, 0);

        (bool k, uint32 kDelay) = manager.hasRole(Roles.KERNEL, address(kernel));
        assertTrue(k);
        assertEq(kDelay, 0);
        assertEq(manager.getRoleAdmin(Roles.MODULE_OPERATOR), Roles.KERNEL);
        assertEq(manager.getRoleAdmin(Roles.KERNEL), Roles.ADMIN);
    }

    function test_deployCity_restrictsFunctions() public view {
        assertEq(
            manager.getTargetFunctionRole(address(accreditation), Accreditation.accredit.selector),
            Roles.ACCREDITATION_COMMITTEE
        );
        assertEq(
            manager.getTargetFunctionRole(address(accreditation), Accreditation.revoke.selector),
            Roles.ACCREDITATION_COMMITTEE
        );
        assertEq(
            manager.getTargetFunctionRole(address(credit), CivicCredit.setPeriodLength.selector), Roles.ISSUANCE_COMMITTEE
        );
        assertEq(manager.getTargetFunctionRole(address(credit), CivicCredit.setPriceBounds.selector), Roles.RATES_COMMITTEE);
        assertEq(
            manager.getTargetFunctionRole(address(issuance), IssuanceController.setCoverageRatio.selector),
            Roles.COVERAGE_SETTER
        );
        assertEq(
            manager.getTargetFunctionRole(address(issuance), IssuanceController.setCoverageBounds.selector),
            Roles.ISSUANCE_COMMITTEE
        );
        assertEq(
            manager.getTargetFunctionRole(address(issuance), IssuanceController.setModuleBudget.selector),
            Roles.ISSUANCE_COMMITTEE
        );
        assertEq(
            manager.getTargetFunctionRole(address(issuance), IssuanceController.setRateBounds.selector),
            Roles.RATES_COMMITTEE
        );
        assertEq(manager.getTargetFunctionRole(address(kernel), ModuleKernel.approve.selector), Roles.MODULES_COMMITTEE);
        // Wiring setters stay with the admin (the upgrades committee).
        assertEq(manager.getTargetFunctionRole(address(credit), CivicCredit.setIssuer.selector), Roles.UPGRADES_COMMITTEE);
        assertEq(manager.getTargetFunctionRole(address(issuance), IssuanceController.setTaskBoard.selector), Roles.UPGRADES_COMMITTEE);

        address[15] memory proxies = _upgradeables();
        for (uint256 i; i < proxies.length; ++i) {
            assertEq(
                manager.getTargetFunctionRole(proxies[i], UUPSUpgradeable.upgradeToAndCall.selector),
                Roles.UPGRADES_COMMITTEE
            );
        }
    }

    function test_deployCity_wiresTheVault() public view {
        assertEq(vault.authority(), address(manager));
        assertEq(splitter.authority(), address(manager));
        assertEq(address(vault.splitter()), address(splitter));
        assertEq(vault.lock().controller(), address(vault));
        assertEq(manager.getTargetFunctionRole(address(splitter), YieldSplitter.setSplit.selector), Roles.VAULT_COMMITTEE);
        assertEq(
            manager.getTargetFunctionRole(address(splitter), YieldSplitter.setSplitBounds.selector), Roles.UPGRADES_COMMITTEE
        );
        assertEq(splitter.budgetLines().length, 2, "the initial split from the city's parameters");
    }

    function test_deployCity_withoutAVault() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory p = _defaultParams();
        delete p.vault;
        CityFactory.City memory c = f.deployCity(p, impls);
        assertEq(c.vault, address(0));
        assertEq(c.splitter, address(0));
    }

    // ---------------------------------------------------------------- a fresh deployment

    /// @dev Whoever calls `deployCity` first must not get the deployer's city: an attacker who copies the deployer's
    /// pending call with its own committees gets another manager, whose forwarder the deployer's implementations do
    /// not fit, and the deployer's own deployment still goes through with its committees.
    function test_RevertIf_deployCity_frontRunWithAttackersCommittees() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory hostile = _defaultParams();
        for (uint256 i; i < 6; ++i) {
            hostile.committees[i].members[0] = stranger;
            hostile.committees[i].members[1] = makeAddr("accomplice");
        }
        vm.prank(stranger);
        (bool ok,) = address(f).call(abi.encodeCall(CityFactory.deployCity, (hostile, impls)));
        assertFalse(ok, "an attacker deployed a city with its own committees on the deployer's implementations");

        CityFactory.City memory c = f.deployCity(_defaultParams(), impls);
        assertEq(c.manager, address(m));
        assertFalse(Committee(c.committees[UPGRADES_IDX]).isMember(stranger));
    }

    function test_deployCity_emitsCityDeployedWithReturnedAddresses() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        vm.recordLogs();
        CityFactory.City memory c = f.deployCity(_defaultParams(), impls);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        bool found;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(f) || logs[i].topics[0] != CityFactory.CityDeployed.selector) continue;
            found = true;
            assertEq(logs[i].topics[1], bytes32(uint256(uint160(address(m)))));
            (string memory name, string memory symbol, CityFactory.City memory logged) =
                abi.decode(logs[i].data, (string, string, CityFactory.City));
            assertEq(name, "Berkeley");
            assertEq(symbol, "BRKY");
            assertEq(keccak256(abi.encode(logged)), keccak256(abi.encode(c)));
        }
        assertTrue(found);
        assertEq(c.forwarder, f.predictForwarder(address(this), "BRKY"));
        (bool isAdmin,) = m.hasRole(0, address(f));
        assertFalse(isAdmin);
    }

    function test_deployCity_multipleBudgets() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory p = _defaultParams();
        p.budgets = new CityFactory.Budget[](2);
        p.budgets[0] = CityFactory.Budget(MODULE, 10, openPolicy);
        p.budgets[1] = CityFactory.Budget(keccak256("other"), 20, address(0xBEEF));
        CityFactory.City memory c = f.deployCity(p, impls);
        assertEq(IssuanceController(c.issuance).moduleBudget(MODULE), 10);
        assertEq(IssuanceController(c.issuance).moduleBudget(keccak256("other")), 20);
        // Each line opens with its task policy, in the same transaction.
        assertEq(TaskBoard(c.taskBoard).modulePolicy(MODULE), openPolicy);
        assertEq(TaskBoard(c.taskBoard).modulePolicy(keccak256("other")), address(0xBEEF));
    }

    /// @dev A budget line opened at deployment with no task policy would pay for any task an issuer publishes.
    function test_attack_deployBudgetWithoutTaskPolicy() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory p = _defaultParams();
        p.budgets[0].policy = address(0);
        vm.expectRevert(abi.encodeWithSelector(CityFactory.CityFactoryBudgetWithoutPolicy.selector, MODULE));
        f.deployCity(p, impls);
    }

    function test_RevertIf_deployCity_taskBoardForwarderMismatch() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        address wrong = makeAddr("wrong.forwarder");
        impls.taskBoard = address(new TaskBoard(wrong));
        vm.expectRevert(
            abi.encodeWithSelector(
                CityFactory.CityFactoryForwarderMismatch.selector,
                impls.taskBoard,
                f.predictForwarder(address(this), "BRKY"),
                wrong
            )
        );
        f.deployCity(_defaultParams(), impls);
    }

    function test_RevertIf_deployCity_creditForwarderMismatch() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        address wrong = makeAddr("wrong.forwarder");
        impls.credit = address(new CivicCredit(wrong));
        vm.expectRevert(
            abi.encodeWithSelector(
                CityFactory.CityFactoryForwarderMismatch.selector,
                impls.credit,
                f.predictForwarder(address(this), "BRKY"),
                wrong
            )
        );
        f.deployCity(_defaultParams(), impls);
    }

    function test_RevertIf_deployCity_symbolDiffersFromPrediction() public {
        // The forwarder's address depends on the ticker: implementations built for "BRKY" do not fit "OAKL".
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory p = _defaultParams();
        p.symbol = "OAKL";
        vm.expectRevert(
            abi.encodeWithSelector(
                CityFactory.CityFactoryForwarderMismatch.selector,
                impls.credit,
                f.predictForwarder(address(this), "OAKL"),
                f.predictForwarder(address(this), "BRKY")
            )
        );
        f.deployCity(p, impls);
    }

    function test_RevertIf_deployCity_tooFewCommittees() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory p = _defaultParams();
        CityFactory.CommitteeParams[] memory five = new CityFactory.CommitteeParams[](5);
        for (uint256 i; i < 5; ++i) {
            five[i] = p.committees[i];
        }
        p.committees = five;
        vm.expectRevert(abi.encodeWithSelector(CityFactory.CityFactoryWrongCommitteeCount.selector, 5));
        f.deployCity(p, impls);
    }

    function test_RevertIf_deployCity_tooManyCommittees() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory p = _defaultParams();
        CityFactory.CommitteeParams[] memory seven = new CityFactory.CommitteeParams[](7);
        for (uint256 i; i < 7; ++i) {
            seven[i] = p.committees[i % 6];
        }
        p.committees = seven;
        vm.expectRevert(abi.encodeWithSelector(CityFactory.CityFactoryWrongCommitteeCount.selector, 7));
        f.deployCity(p, impls);
    }

    function test_deployCity_createsTheManagerAtItsPrediction() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        assertEq(address(m).code.length, 0);
        CityFactory.City memory c = f.deployCity(_defaultParams(), impls);
        assertEq(c.manager, address(m));
        assertEq(f.managerDeployer().factory(), address(f));
        (bool isAdmin,) = m.hasRole(Roles.ADMIN, c.committees[UPGRADES_IDX]);
        assertTrue(isAdmin);
    }

    function test_RevertIf_deployCity_sameDeployerAndSymbolTwice() public {
        CityFactory.Implementations memory impls = _impls(address(forwarder));
        vm.expectRevert(); // the CREATE2 address of this deployer's BRKY manager is taken
        factory.deployCity(_defaultParams(), impls);
    }

    function test_RevertIf_deployCity_zeroUpgradesDelay() public {
        (CityFactory f,, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory p = _defaultParams();
        p.committees[UPGRADES_IDX].delay = 0;
        vm.expectRevert(CityFactory.CityFactoryZeroAdminDelay.selector);
        f.deployCity(p, impls);
    }

    function test_RevertIf_managerDeployer_calledByOtherThanFactory() public {
        CityManagerDeployer d = factory.managerDeployer();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(CityManagerDeployer.CityManagerDeployerNotFactory.selector, stranger));
        d.deploy(bytes32(0));
    }

    function test_RevertIf_deployCity_committeeThresholdOne() public {
        (CityFactory f, AccessManager m, CityFactory.Implementations memory impls) = _fresh();
        CityFactory.CityParams memory p = _defaultParams();
        p.committees[VAULT_IDX].threshold = 1;
        vm.expectRevert(abi.encodeWithSelector(Committee.CommitteeInvalidThreshold.selector, 1, MEMBERS));
        f.deployCity(p, impls);
    }

    function test_predictForwarder_dependsOnDeployerAndSymbol() public {
        (CityFactory f,,) = _fresh();
        address a = f.predictForwarder(address(this), "BRKY");
        assertTrue(a != f.predictForwarder(address(this), "OAKL"));
        assertTrue(a != f.predictForwarder(stranger, "BRKY"));
        assertTrue(a != factory.predictForwarder(address(this), "BRKY"));
        assertEq(a, f.predictForwarder(address(this), "BRKY"));
    }

    function test_constants_committeeOrder() public view {
        assertEq(factory.ACCREDITATION(), 0);
        assertEq(factory.ISSUANCE(), 1);
        assertEq(factory.RATES(), 2);
        assertEq(factory.MODULES(), 3);
        assertEq(factory.VAULT(), 4);
        assertEq(factory.UPGRADES(), 5);
        assertEq(factory.COMMITTEE_COUNT(), 6);
    }
}
