// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {CityManaged} from "../access/CityManaged.sol";

/// @title YieldSplitter
/// @notice Pays the City Vault's harvested yield to the budget lines the vault committee set: each line is a
/// recipient, a purpose and a cap per payout period, and is owed its share (in bps) of every new amount the
/// splitter receives. {distribute} pays what is owed up to what the cap leaves this period; the rest stays owed to
/// that line for the next period, so how often anyone calls {distribute} changes nothing. A new split applies to
/// everything not yet paid.
/// @dev The split is replaced whole by the vault committee ({setSplit}, with its threshold and delay), each line's
/// share inside the bounds the upgrades committee keeps ({setSplitBounds}). A line is identified by its recipient
/// and purpose, so re-submitting the same line in a new split cannot reset what it was paid this period. A payment
/// the recipient refuses (its transfer reverts) never blocks the other lines: it is settled against the line's cap,
/// kept here as unclaimed, and the recipient pulls it with {claim} to an address that accepts it.
contract YieldSplitter is CityManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint16 public constant BPS = 10_000;
    uint256 public constant MAX_LINES = 16;
    uint256 public constant MAX_PURPOSE_BYTES = 200;

    struct BudgetLine {
        address recipient;
        uint16 bps;
        uint128 capPerPeriod;
        string purpose;
    }

    /// @custom:storage-location erc7201:citysync.storage.YieldSplitter
    struct YieldSplitterStorage {
        IERC20 asset;
        uint64 origin;
        uint64 periodLength;
        uint16 minLineBps;
        uint16 maxLineBps;
        BudgetLine[] lines;
        mapping(bytes32 lineKey => mapping(uint256 period => uint256)) paid;
        mapping(bytes32 lineKey => uint256) paidTotal;
        mapping(bytes32 lineKey => uint256) owed;
        uint256 reserved; // sum of `owed` over the lines in force
        uint256 totalPaid;
        // Payments settled to a line whose transfer failed, held for its recipient to {claim}.
        mapping(bytes32 lineKey => uint256) unclaimed;
        uint256 unclaimedTotal;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.YieldSplitter")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x0c79c0a7059f9441184a616c6c8c234237abad15b71df2153ab4dcc781c93300;

    /// @notice The split is now `lines` (in order; line `i` of later {Payout} events is `lines[i]`).
    event SplitChanged(BudgetLine[] lines);
    /// @notice Each line's share must lie in [`minLineBps`, `maxLineBps`].
    event SplitBoundsChanged(uint16 minLineBps, uint16 maxLineBps);
    /// @notice Line `line` (`recipient`, `purpose`) was paid `amount` in payout period `period`.
    event Payout(
        uint256 indexed line, address indexed recipient, uint256 indexed period, uint256 amount, string purpose
    );

    /// @notice Line `line`'s `amount` could not be sent to `recipient`; it waits for the recipient's {claim}.
    event PayoutDeferred(uint256 indexed line, address indexed recipient, uint256 amount, string purpose);
    /// @notice `recipient` claimed `amount` owed to its line `purpose`, sent to `to`.
    event Claimed(address indexed recipient, string purpose, address indexed to, uint256 amount);

    /// @notice `recipient` has nothing unclaimed on its line `purpose`.
    error YieldSplitterNothingToClaim(address recipient, string purpose);
    error YieldSplitterTooManyLines(uint256 count, uint256 max);
    error YieldSplitterBpsSum(uint256 sum);
    error YieldSplitterLineOutOfBounds(uint256 line, uint16 bps, uint16 minLineBps, uint16 maxLineBps);
    error YieldSplitterZeroRecipient(uint256 line);
    error YieldSplitterZeroCap(uint256 line);
    error YieldSplitterBadPurpose(uint256 line, uint256 length);
    error YieldSplitterDuplicateLine(uint256 line, uint256 previous);
    error YieldSplitterInvalidBounds(uint16 minLineBps, uint16 maxLineBps);
    error YieldSplitterZeroPeriod();

    /// @notice Initializes the splitter: what it pays in, its payout period, and the bounds of a line's share.
    function initialize(address authority, IERC20 asset_, uint64 periodLength_, uint16 minLineBps_, uint16 maxLineBps_)
        external
        initializer
    {
        __CityManaged_init(authority);
        if (periodLength_ == 0) revert YieldSplitterZeroPeriod();
        YieldSplitterStorage storage $ = _getStorage();
        $.asset = asset_;
        $.origin = uint64(block.timestamp);
        $.periodLength = periodLength_;
        _setBounds($, minLineBps_, maxLineBps_);
    }

    /// @notice Replaces the split with `lines`: shares sum to 10,000 bps, each inside the bounds, each line a
    /// distinct (recipient, purpose) with a cap per period. An empty split pays nothing (yield waits here).
    /// @dev Restricted to the vault committee. Emits {SplitChanged}.
    function setSplit(BudgetLine[] calldata lines) external restricted {
        YieldSplitterStorage storage $ = _getStorage();
        _checkSplit(lines, $.minLineBps, $.maxLineBps);
        BudgetLine[] storage old = $.lines;
        for (uint256 i; i < old.length; ++i) {
            delete $.owed[lineKey(old[i].recipient, old[i].purpose)];
        }
        $.reserved = 0;
        delete $.lines;
        for (uint256 i; i < lines.length; ++i) {
            $.lines.push(lines[i]);
        }
        emit SplitChanged(lines);
    }

    /// @notice Sets the bounds of each line's share; the current split must satisfy them.
    /// @dev Restricted to the upgrades committee. Emits {SplitBoundsChanged}.
    function setSplitBounds(uint16 minLineBps_, uint16 maxLineBps_) external restricted {
        YieldSplitterStorage storage $ = _getStorage();
        _setBounds($, minLineBps_, maxLineBps_);
        BudgetLine[] storage lines = $.lines;
        for (uint256 i; i < lines.length; ++i) {
            uint16 bps = lines[i].bps;
            if (bps < minLineBps_ || bps > maxLineBps_) {
                revert YieldSplitterLineOutOfBounds(i, bps, minLineBps_, maxLineBps_);
            }
        }
    }

    /// @notice Credits each line its share of what arrived since the last distribution, pays each what it is owed
    /// up to what its cap leaves this period, and returns the total paid. Anyone may call it (the vault's
    /// {CityVault-harvest} does).
    /// @dev Shares round down; the remainder is split at the next distribution. A transfer the recipient refuses
    /// does not revert: the amount stays here as that line's unclaimed balance. Emits {Payout} per line paid and
    /// {PayoutDeferred} per payment refused.
    function distribute() external nonReentrant returns (uint256 paidNow) {
        YieldSplitterStorage storage $ = _getStorage();
        IERC20 asset_ = $.asset;
        BudgetLine[] storage lines = $.lines;
        uint256 count = lines.length;
        if (count == 0) return 0;
        uint256 fresh = asset_.balanceOf(address(this)) - $.reserved - $.unclaimedTotal;
        uint256 period = currentPeriod();
        uint256 reserved;
        uint256[] memory amounts = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            (uint256 amount, uint256 stillOwed) = _settle($, lines[i], i, fresh, period);
            amounts[i] = amount;
            reserved += stillOwed;
            paidNow += amount;
        }
        $.reserved = reserved;
        $.totalPaid += paidNow;
        for (uint256 i; i < count; ++i) {
            if (amounts[i] == 0) continue;
            BudgetLine storage line = lines[i];
            if (asset_.trySafeTransfer(line.recipient, amounts[i])) continue;
            $.unclaimed[lineKey(line.recipient, line.purpose)] += amounts[i];
            $.unclaimedTotal += amounts[i];
            emit PayoutDeferred(i, line.recipient, amounts[i], line.purpose);
        }
    }

    /// @notice Sends the caller's unclaimed payments on its line `purpose` (those its address refused) to `to`, and
    /// returns the amount. Unclaimed payments survive a new split: they were already paid.
    /// @dev Only the line's recipient. Reverts {YieldSplitterNothingToClaim} when there is none. Emits {Claimed}.
    function claim(string calldata purpose, address to) external nonReentrant returns (uint256 amount) {
        YieldSplitterStorage storage $ = _getStorage();
        bytes32 key = lineKey(msg.sender, purpose);
        amount = $.unclaimed[key];
        if (amount == 0) revert YieldSplitterNothingToClaim(msg.sender, purpose);
        delete $.unclaimed[key];
        $.unclaimedTotal -= amount;
        emit Claimed(msg.sender, purpose, to, amount);
        $.asset.safeTransfer(to, amount);
    }

    /// @notice The current payout period: ⌊(now − origin) / periodLength⌋.
    function currentPeriod() public view returns (uint256) {
        YieldSplitterStorage storage $ = _getStorage();
        return (block.timestamp - $.origin) / $.periodLength;
    }

    /// @notice The split in force.
    function budgetLines() external view returns (BudgetLine[] memory) {
        return _getStorage().lines;
    }

    /// @notice What the line (`recipient`, `purpose`) was paid in `period`.
    function paidInPeriod(address recipient, string calldata purpose, uint256 period) external view returns (uint256) {
        return _getStorage().paid[lineKey(recipient, purpose)][period];
    }

    /// @notice What the line (`recipient`, `purpose`) was ever paid.
    function paidTotal(address recipient, string calldata purpose) external view returns (uint256) {
        return _getStorage().paidTotal[lineKey(recipient, purpose)];
    }

    /// @notice Everything ever paid out.
    function totalPaid() external view returns (uint256) {
        return _getStorage().totalPaid;
    }

    /// @notice What the line (`recipient`, `purpose`) was paid but refused: it waits for the recipient's {claim}.
    function unclaimed(address recipient, string calldata purpose) external view returns (uint256) {
        return _getStorage().unclaimed[lineKey(recipient, purpose)];
    }

    /// @notice Every unclaimed payment, over all lines.
    function unclaimedTotal() external view returns (uint256) {
        return _getStorage().unclaimedTotal;
    }

    /// @notice Harvested yield not yet paid, plus payments waiting to be claimed.
    function pending() external view returns (uint256) {
        return _getStorage().asset.balanceOf(address(this));
    }

    /// @notice What the line (`recipient`, `purpose`) is owed and its cap has held back so far.
    function owed(address recipient, string calldata purpose) external view returns (uint256) {
        return _getStorage().owed[lineKey(recipient, purpose)];
    }

    /// @notice The bounds of a line's share, in bps.
    function splitBounds() external view returns (uint16 minLineBps, uint16 maxLineBps) {
        YieldSplitterStorage storage $ = _getStorage();
        return ($.minLineBps, $.maxLineBps);
    }

    /// @notice Payout period length in seconds, and when period 0 started.
    function periodClock() external view returns (uint64 origin, uint64 periodLength) {
        YieldSplitterStorage storage $ = _getStorage();
        return ($.origin, $.periodLength);
    }

    /// @notice The asset paid out.
    function asset() external view returns (IERC20) {
        return _getStorage().asset;
    }

    /// @notice A line's identity: keccak256(abi.encode(recipient, purpose)).
    function lineKey(address recipient, string memory purpose) public pure returns (bytes32) {
        return keccak256(abi.encode(recipient, purpose));
    }

    /// @dev Credits `line` its share of `fresh`, pays what its cap leaves in `period`; returns the payment and what
    /// the line is still owed.
    function _settle(YieldSplitterStorage storage $, BudgetLine storage line, uint256 index, uint256 fresh, uint256 period)
        private
        returns (uint256 amount, uint256 stillOwed)
    {
        bytes32 key = lineKey(line.recipient, line.purpose);
        uint256 due = $.owed[key] + fresh * line.bps / BPS;
        uint256 already = $.paid[key][period];
        uint256 room = line.capPerPeriod > already ? line.capPerPeriod - already : 0;
        amount = due < room ? due : room;
        stillOwed = due - amount;
        $.owed[key] = stillOwed;
        if (amount == 0) return (0, stillOwed);
        $.paid[key][period] = already + amount;
        $.paidTotal[key] += amount;
        emit Payout(index, line.recipient, period, amount, line.purpose);
    }

    function _checkSplit(BudgetLine[] calldata lines, uint16 minLineBps, uint16 maxLineBps) private pure {
        if (lines.length > MAX_LINES) revert YieldSplitterTooManyLines(lines.length, MAX_LINES);
        uint256 sum;
        for (uint256 i; i < lines.length; ++i) {
            BudgetLine calldata line = lines[i];
            if (line.recipient == address(0)) revert YieldSplitterZeroRecipient(i);
            if (line.capPerPeriod == 0) revert YieldSplitterZeroCap(i);
            uint256 length = bytes(line.purpose).length;
            if (length == 0 || length > MAX_PURPOSE_BYTES) revert YieldSplitterBadPurpose(i, length);
            if (line.bps < minLineBps || line.bps > maxLineBps) {
                revert YieldSplitterLineOutOfBounds(i, line.bps, minLineBps, maxLineBps);
            }
            bytes32 key = lineKey(line.recipient, line.purpose);
            for (uint256 j; j < i; ++j) {
                if (lineKey(lines[j].recipient, lines[j].purpose) == key) revert YieldSplitterDuplicateLine(i, j);
            }
            sum += line.bps;
        }
        if (lines.length > 0 && sum != BPS) revert YieldSplitterBpsSum(sum);
    }

    function _setBounds(YieldSplitterStorage storage $, uint16 minLineBps_, uint16 maxLineBps_) private {
        if (maxLineBps_ == 0 || minLineBps_ > maxLineBps_ || maxLineBps_ > BPS) {
            revert YieldSplitterInvalidBounds(minLineBps_, maxLineBps_);
        }
        $.minLineBps = minLineBps_;
        $.maxLineBps = maxLineBps_;
        emit SplitBoundsChanged(minLineBps_, maxLineBps_);
    }

    function _getStorage() private pure returns (YieldSplitterStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
