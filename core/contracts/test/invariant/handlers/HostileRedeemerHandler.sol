// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {CivicCredit} from "../../../token/CivicCredit.sol";
import {IssuanceController} from "../../../issuance/IssuanceController.sol";

/// @title HostileRedeemerHandler
/// @notice Accredited redeemers that try to bend the period cap: they open, raise, lower and close maximal standing
/// and windowed offers right before and after period boundaries, around the period's first issuance. The ghost
/// model keeps its own book of every offer (price, capacity, window, the period it was opened or last raised), and
/// from it the capacity that was really on offer: the least standing value held at any moment since the period
/// began, plus the windowed offers not opened or raised in the period, weighted by the share of the period their
/// window covers. When an issuance fixes a period's cap, the handler records coverage x that capacity as the
/// period's bound; the invariant compares the cap with it.
contract HostileRedeemerHandler is CommonBase, StdUtils {
    struct ModelOffer {
        uint256 id;
        address redeemer;
        uint256 price;
        uint256 capacity;
        uint64 start;
        uint64 end;
        uint32 raisedPeriod; // period in which it was opened or last raised
        bool open;
    }

    uint256 internal constant BPS = 10_000;

    CivicCredit public immutable credit;
    IssuanceController public immutable issuance;
    address internal immutable board;
    bytes32 internal immutable moduleId;
    address internal immutable participant;
    address[] internal redeemers;

    ModelOffer[] internal offers;
    uint256 internal standing; // the model's open standing value
    uint32 internal lastPeriod;
    mapping(uint32 period => uint256) internal floorOf;

    /// @dev Periods whose cap the handler saw being fixed, and coverage x really-offered capacity at that moment.
    uint32[] internal fixedPeriods;
    mapping(uint32 period => uint256) public ghostCapBound;
    mapping(string => uint256) public calls;

    constructor(
        CivicCredit credit_,
        IssuanceController issuance_,
        address board_,
        bytes32 moduleId_,
        address participant_,
        address[] memory redeemers_,
        uint256 honestStanding
    ) {
        credit = credit_;
        issuance = issuance_;
        board = board_;
        moduleId = moduleId_;
        participant = participant_;
        redeemers = redeemers_;
        // The honest offers the city already has, open since before the current period began.
        standing = honestStanding;
        lastPeriod = credit_.currentPeriod();
        floorOf[lastPeriod] = honestStanding;
    }

    modifier tracked() {
        _enterPeriod();
        _;
        uint32 p = credit.currentPeriod();
        if (standing < floorOf[p]) floorOf[p] = standing;
    }

    // ---------------------------------------------------------------- actions

    /// @dev Opens a standing or windowed offer, maximal half of the time.
    function open(uint256 whoSeed, uint256 priceSeed, uint256 unitsSeed, bool windowed, uint256 windowSeed)
        external
        tracked
    {
        address who = redeemers[whoSeed % redeemers.length];
        (uint256 minPrice, uint256 maxPrice) = credit.priceBounds();
        bool maximal = priceSeed % 2 == 0;
        uint256 price = maximal ? maxPrice : _bound(priceSeed, minPrice, maxPrice);
        uint256 units = maximal ? type(uint32).max : _bound(unitsSeed, 1, 1_000);
        uint64 start;
        uint64 end;
        if (windowed) {
            // One second up to two periods, starting now or up to a period ahead.
            uint256 period = credit.periodLength();
            start = uint64(block.timestamp + _bound(windowSeed, 0, period));
            end = start + uint64(_bound(windowSeed >> 64, 1, 2 * period));
        }
        vm.prank(who);
        try credit.createOffer(price, units, start, end, bytes32("hostile")) returns (uint256 id) {
            offers.push(ModelOffer(id, who, price, units, start, end, credit.currentPeriod(), true));
            if (!windowed) standing += price * units;
            ++calls["open"];
        } catch {}
    }

    /// @dev Raises an offer to the maximum or lowers it to the minimum.
    function update(uint256 offerSeed, bool raise) external tracked {
        if (offers.length == 0) return;
        ModelOffer storage o = offers[offerSeed % offers.length];
        (uint256 minPrice, uint256 maxPrice) = credit.priceBounds();
        (uint256 price, uint256 units) = raise ? (maxPrice, uint256(type(uint32).max)) : (minPrice, uint256(1));
        vm.prank(o.redeemer);
        try credit.updateOffer(o.id, price, units) {
            uint256 before = o.price * o.capacity;
            uint256 value = price * units;
            if (o.end == 0) standing = standing - before + value;
            else if (value > before) o.raisedPeriod = credit.currentPeriod();
            (o.price, o.capacity) = (price, units);
            ++calls["update"];
        } catch {}
    }

    function close(uint256 offerSeed) external tracked {
        if (offers.length == 0) return;
        ModelOffer storage o = offers[offerSeed % offers.length];
        vm.prank(o.redeemer);
        try credit.closeOffer(o.id) {
            _closed(o);
            ++calls["close"];
        } catch {}
    }

    function prune(uint256 offerSeed) external tracked {
        if (offers.length == 0) return;
        ModelOffer storage o = offers[offerSeed % offers.length];
        try credit.pruneExpiredOffer(o.id) {
            _closed(o);
            ++calls["prune"];
        } catch {}
    }

    /// @dev Issues as the task board would: the period's first issuance fixes its cap.
    function issue(uint256 amountSeed) external tracked {
        uint32 p = credit.currentPeriod();
        (,, bool wasFixed) = issuance.periodIssuance(p);
        uint256 bound = wasFixed ? 0 : _boundNow(p);
        vm.prank(board);
        try issuance.issue(moduleId, board, participant, _bound(amountSeed, 1, 100)) {
            ++calls["issue"];
            if (!wasFixed) {
                ghostCapBound[p] = bound;
                fixedPeriods.push(p);
            }
        } catch {}
    }

    /// @dev Moves time, mostly to just before, at or just after the next period boundary.
    function warp(uint256 seed) external tracked {
        (,, uint64 end) = credit.currentPeriodBounds();
        uint256 kind = seed % 4;
        if (kind == 0) vm.warp(end - 1);
        else if (kind == 1) vm.warp(end);
        else if (kind == 2) vm.warp(end + _bound(seed >> 8, 1, 60));
        else vm.warp(block.timestamp + _bound(seed >> 8, 1, 2 * credit.periodLength()));
        ++calls["warp"];
    }

    // ---------------------------------------------------------------- views for the invariant

    function fixedPeriodList() external view returns (uint32[] memory) {
        return fixedPeriods;
    }

    // ---------------------------------------------------------------- internals

    /// @dev The first call in a new period: the standing value it began with is what the model last held.
    function _enterPeriod() internal {
        uint32 p = credit.currentPeriod();
        if (p != lastPeriod) {
            lastPeriod = p;
            floorOf[p] = standing;
        }
    }

    function _closed(ModelOffer storage o) internal {
        o.open = false;
        if (o.end == 0) standing -= o.price * o.capacity;
    }

    /// @dev coverage x (standing floor of the period + windowed offers older than the period, weighted).
    function _boundNow(uint32 p) internal view returns (uint256) {
        (, uint64 start, uint64 end) = credit.currentPeriodBounds();
        uint256 value = floorOf[p];
        if (standing < value) value = standing;
        for (uint256 i; i < offers.length; ++i) {
            ModelOffer storage o = offers[i];
            if (!o.open || o.end == 0 || o.raisedPeriod >= p || o.start >= end || o.end <= start) continue;
            uint256 from = o.start > start ? o.start : start;
            uint256 to = o.end < end ? o.end : end;
            value += (o.price * o.capacity * (to - from)) / (end - start);
        }
        (uint256 ratio,,) = issuance.coverage();
        uint256 cap = (value * ratio) / BPS;
        return cap > type(uint128).max ? type(uint128).max : cap;
    }
}
