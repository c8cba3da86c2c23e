// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Committee} from "../../../governance/Committee.sol";
import {CityVault} from "../../../vault/CityVault.sol";
import {PrincipalLock} from "../../../vault/PrincipalLock.sol";
import {YieldSplitter} from "../../../vault/YieldSplitter.sol";
import {TestDollar} from "../../../vault/testing/TestDollar.sol";
import {TestYieldVault} from "../../../vault/testing/TestYieldVault.sol";

/// @dev What a hostile upgrade could add to the vault: every call it can make to the lock, to any recipient.
contract HostileCityVault is CityVault {
    function drain(address to) external returns (uint256) {
        PrincipalLock l = this.lock();
        l.lockPrincipal(0);
        return l.releaseSurplus(to);
    }
}

/// @title VaultHandler
/// @notice Drives a city's vault with bounded random actions: donations (donate, deposit, mint), yield and losses
/// in the yield source, gifts straight to every contract, harvests, distributions, time, split changes through the
/// vault committee, a hostile upgrade through the upgrades committee, and every way any role could try to take
/// principal out (each must revert). Ghosts record what each action should have done, never read back from the
/// state the invariants compare them with.
contract VaultHandler is CommonBase, StdUtils {
    struct Wiring {
        CityVault vault;
        YieldSplitter splitter;
        TestDollar dollar;
        TestYieldVault yieldSource;
        Committee vaultCommittee;
        Committee upgradesCommittee;
        address[3] vaultMembers;
        address[3] upgradesMembers;
        uint256 delay;
        address[] actors; // every role of the city: committees, members, guardian, organizations, stranger, ...
        YieldSplitter.BudgetLine[] lines; // the lines split changes choose among (fixed recipients, purposes, caps)
    }

    CityVault public immutable vault;
    YieldSplitter public immutable splitter;
    PrincipalLock public immutable lock;
    TestDollar public immutable dollar;
    TestYieldVault public immutable yieldSource;
    Committee internal immutable vaultCommittee;
    Committee internal immutable upgradesCommittee;
    uint256 internal immutable delay;
    address[3] internal vaultMembers;
    address[3] internal upgradesMembers;
    address[] internal actors;
    YieldSplitter.BudgetLine[] internal knownLines;
    address[3] internal donors;

    uint256 public ghostDonated;
    uint256 public ghostShares;
    uint256 public ghostYieldIn; // accrued yield + gifts that can become yield: an upper bound of what may leave
    uint256 public ghostLost;
    uint256 public ghostRounding; // wei the yield source's rounding may cost the principal (2 per operation + 1 bps)
    uint256 public ghostDrained;
    /// @notice Where recipients claim the payments they refused.
    address public constant CLAIM_SINK = address(0xC1A1);
    uint256 public ghostPrincipalHigh; // highest principal seen: it must never be above the current one
    bool public ghostPrincipalDecreased;
    bool public ghostBreach;
    string public ghostBreachWhat;
    bool public upgraded;
    uint256[] internal touchedPeriods;
    mapping(uint256 => bool) internal touched;

    constructor(Wiring memory w) {
        vault = w.vault;
        splitter = w.splitter;
        lock = w.vault.lock();
        dollar = w.dollar;
        yieldSource = w.yieldSource;
        vaultCommittee = w.vaultCommittee;
        upgradesCommittee = w.upgradesCommittee;
        delay = w.delay;
        vaultMembers = w.vaultMembers;
        upgradesMembers = w.upgradesMembers;
        actors = w.actors;
        for (uint256 i; i < w.lines.length; ++i) {
            knownLines.push(w.lines[i]);
        }
        donors = [address(0xD0), address(0xD1), address(0xD2)];
        _touch();
    }

    modifier tracked() {
        _;
        uint256 p = lock.principal();
        if (p < ghostPrincipalHigh) ghostPrincipalDecreased = true;
        if (p > ghostPrincipalHigh) ghostPrincipalHigh = p;
        _touch();
    }

    // ---------------------------------------------------------------- giving

    function donate(uint256 donorSeed, uint256 amount, uint8 how) external tracked {
        address donor = donors[donorSeed % donors.length];
        amount = bound(amount, 1, 1e12);
        dollar.mint(donor, amount);
        vm.startPrank(donor);
        dollar.approve(address(vault), amount);
        uint256 shares;
        uint256 assets = amount;
        bool ok;
        if (how % 3 == 0) {
            try vault.donate(amount, donor, "for the city") returns (uint256 s) {
                (ok, shares) = (true, s);
            } catch {}
        } else if (how % 3 == 1) {
            try vault.deposit(amount, donor) returns (uint256 s) {
                (ok, shares) = (true, s);
            } catch {}
        } else {
            uint256 wanted = vault.previewDeposit(amount);
            if (wanted > 0) {
                try vault.mint(wanted, donor) returns (uint256 paid) {
                    (ok, shares, assets) = (true, wanted, paid);
                } catch {}
            }
        }
        vm.stopPrank();
        if (ok) {
            ghostDonated += assets;
            ghostShares += shares;
            ghostRounding += 4 + assets / 10_000;
        }
    }

    // ---------------------------------------------------------------- the yield source

    function accrue(uint256 amount) external tracked {
        amount = bound(amount, 0, 1e10);
        yieldSource.accrueYield(amount);
        ghostYieldIn += amount;
    }

    function lose(uint256 bps) external tracked {
        uint256 amount = yieldSource.totalAssets() * bound(bps, 0, 100) / 10_000;
        yieldSource.realizeLoss(amount);
        ghostLost += amount;
    }

    /// @dev Dollars sent straight to a contract: to the lock, the yield source or the vault (swept into the lock at
    /// the next harvest) they are yield; to the splitter, more to pay out.
    function gift(uint256 targetSeed, uint256 amount) external tracked {
        amount = bound(amount, 1, 1e9);
        address[4] memory targets = [address(lock), address(yieldSource), address(splitter), address(vault)];
        uint256 t = targetSeed % 4;
        dollar.mint(targets[t], amount);
        if (t != 2) ghostYieldIn += amount;
    }

    // ---------------------------------------------------------------- harvest and payouts

    function harvest() external tracked {
        vault.harvest();
        ghostRounding += 2;
    }

    function distribute() external tracked {
        splitter.distribute();
    }

    /// @dev A line's recipient starts refusing every payment (as a blocklisted address or a reverting hook would).
    function refuseTransfers(uint256 lineSeed) external tracked {
        address recipient = knownLines[lineSeed % knownLines.length].recipient;
        vm.mockCallRevert(address(dollar), abi.encodeWithSelector(IERC20.transfer.selector, recipient), "refused");
    }

    /// @dev Every recipient accepts payments again.
    function acceptTransfers() external tracked {
        vm.clearMockedCalls();
    }

    /// @dev A recipient pulls what it refused to an address that accepts it.
    function claim(uint256 lineSeed) external tracked {
        YieldSplitter.BudgetLine storage line = knownLines[lineSeed % knownLines.length];
        if (splitter.unclaimed(line.recipient, line.purpose) == 0) return;
        vm.prank(line.recipient);
        splitter.claim(line.purpose, CLAIM_SINK);
    }

    function warp(uint256 secondsSeed) external tracked {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 40 days));
    }

    /// @dev A new split through the vault committee: a subset of the known lines with shares inside the bounds.
    function changeSplit(uint256 seed) external tracked {
        (uint16 minBps, uint16 maxBps) = splitter.splitBounds();
        uint256 count = 2 + seed % (knownLines.length - 1);
        if (uint256(maxBps) * count < 10_000 || uint256(minBps) * count > 10_000) return;
        YieldSplitter.BudgetLine[] memory lines = new YieldSplitter.BudgetLine[](count);
        uint256 left = 10_000;
        for (uint256 i; i < count; ++i) {
            lines[i] = knownLines[i];
            uint256 rest = count - i - 1;
            uint256 lo = left > uint256(maxBps) * rest ? left - uint256(maxBps) * rest : minBps;
            if (lo < minBps) lo = minBps;
            uint256 hi = left - uint256(minBps) * rest;
            if (hi > maxBps) hi = maxBps;
            uint256 bps = rest == 0 ? left : bound(uint256(keccak256(abi.encode(seed, i))), lo, hi);
            lines[i].bps = uint16(bps);
            left -= bps;
        }
        _throughCommittee(vaultCommittee, vaultMembers, address(splitter), abi.encodeCall(YieldSplitter.setSplit, (lines)));
    }

    // ---------------------------------------------------------------- attempts on the principal

    /// @dev Every role tries every way out. Each must revert; a success is a breach.
    function attack(uint256 actorSeed, uint256 kind) external tracked {
        address a = actors[actorSeed % actors.length];
        uint256 shares = vault.balanceOf(a);
        bytes memory call;
        address target = address(vault);
        kind = kind % 7;
        if (kind == 0) call = abi.encodeCall(CityVault.withdraw, (1, a, a));
        else if (kind == 1) call = abi.encodeCall(CityVault.redeem, (shares == 0 ? 1 : shares, a, a));
        else if (kind == 2) call = abi.encodeCall(IERC20.transfer, (a, shares == 0 ? 1 : shares));
        else if (kind == 3) (target, call) = (address(lock), abi.encodeCall(PrincipalLock.releaseSurplus, (a)));
        else if (kind == 4) (target, call) = (address(lock), abi.encodeCall(PrincipalLock.lockPrincipal, (0)));
        else if (kind == 5) call = abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (address(new HostileCityVault()), ""));
        else (target, call) = (address(yieldSource), abi.encodeCall(IERC20.transferFrom, (address(lock), a, 1)));
        vm.prank(a);
        (bool ok,) = target.call(call);
        if (ok) {
            ghostBreach = true;
            ghostBreachWhat = string.concat("attack kind ", vm.toString(kind), " by ", vm.toString(a));
        }
    }

    /// @dev The upgrades committee installs a vault implementation written to drain it; what it can take is the
    /// surplus at that moment, never principal.
    function hostileUpgradeAndDrain() external tracked {
        if (!upgraded) {
            address impl = address(new HostileCityVault());
            _throughCommittee(
                upgradesCommittee, upgradesMembers, address(vault), abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (impl, ""))
            );
            upgraded = true;
        }
        uint256 surplus = lock.surplus();
        uint256 drained = HostileCityVault(address(vault)).drain(address(0xBAD));
        if (drained > surplus) {
            ghostBreach = true;
            ghostBreachWhat = "a hostile upgrade drained more than the surplus";
        }
        ghostDrained += drained;
        ghostRounding += 2;
    }

    // ---------------------------------------------------------------- views for the invariants

    function knownLineCount() external view returns (uint256) {
        return knownLines.length;
    }

    function knownLine(uint256 i) external view returns (YieldSplitter.BudgetLine memory) {
        return knownLines[i];
    }

    function touchedPeriodList() external view returns (uint256[] memory) {
        return touchedPeriods;
    }

    // ---------------------------------------------------------------- internals

    function _throughCommittee(Committee c, address[3] storage m, address target, bytes memory data) internal {
        vm.prank(m[0]);
        uint256 id = c.propose(target, data, keccak256(data));
        vm.prank(m[1]);
        c.approve(id);
        vm.warp(block.timestamp + delay);
        c.execute(id);
    }

    function _touch() internal {
        uint256 p = splitter.currentPeriod();
        if (!touched[p]) {
            touched[p] = true;
            touchedPeriods.push(p);
        }
    }
}
