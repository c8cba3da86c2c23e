// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ContextUpgradeable.sol";
import {ERC2771ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/metatx/ERC2771ContextUpgradeable.sol";
import {CityManaged} from "../access/CityManaged.sol";
import {RedemptionDesk} from "../redemption/RedemptionDesk.sol";
import {ICivicCredit} from "../interfaces/ICivicCredit.sol";
import {IAccreditation} from "../interfaces/IAccreditation.sol";
import {IVoteSink} from "../interfaces/IVoteSink.sol";
import {OrgRoles} from "../libraries/Roles.sol";

/// @title CivicCredit
/// @notice The city's civic credit ($CITY, one ticker per city): minted only by the issuance controller on a
/// verified completion, burned only by a redemption at this ledger's desk. It speaks ERC-20 for reading (balances,
/// supply, Transfer events for wallets and indexers) but every transfer and approval reverts: credits are neither
/// transferable nor convertible. The ledger also keeps the city's period clock.
contract CivicCredit is CityManaged, ERC2771ContextUpgradeable, RedemptionDesk, IERC20Metadata, ICivicCredit {
    struct Account {
        uint128 balance;
        uint128 minted; // credits ever minted to the account: its $VOTE voting units
    }

    /// @dev One slot, read on every mint and redemption: supply counters and the period clock.
    struct Totals {
        uint80 minted;
        uint80 burned;
        uint32 periodOrigin; // timestamp at which period `periodOffset` started
        uint32 periodLength; // seconds
        uint32 periodOffset;
    }

    /// @custom:storage-location erc7201:citysync.storage.CivicCredit
    struct CivicCreditStorage {
        mapping(address => Account) accounts;
        Totals totals;
        address issuer;
        IVoteSink votes;
        IAccreditation accreditation;
        string name;
        string symbol;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.CivicCredit")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xd85021365d2bdf68ce8c3fd0dd8289605f8cf7274bcb51a2d200776e81043700;

    /// @notice A new period clock: period `offset` starts at `origin` and each lasts `length` seconds.
    event PeriodClockSet(uint32 offset, uint256 origin, uint256 length);
    /// @notice The issuance controller that may mint, and the vote token that mirrors mints, were set.
    event IssuerSet(address issuer, address votes);

    error CivicCreditNonTransferable();
    error CivicCreditUnauthorizedMinter(address caller);
    error CivicCreditLengthMismatch(uint256 recipients, uint256 amounts);
    error CivicCreditZeroRecipient();
    error CivicCreditInvalidPeriodLength(uint256 length);
    error CivicCreditSupplyOverflow();
    error CivicCreditNotAccreditation(address caller);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(address trustedForwarder) ERC2771ContextUpgradeable(trustedForwarder) {}

    /// @notice Initializes the ledger.
    /// @param authority the city's AccessManager
    /// @param name_ token name, e.g. "Berkeley Civic Credit"
    /// @param symbol_ the city's ticker, e.g. "BRKY"
    /// @param accreditation_ the registry that says who is an accredited redeemer
    /// @param periodLength_ seconds per issuance period
    /// @param minPrice lowest price in credits an offer may ask
    /// @param maxPrice highest price in credits an offer may ask
    function initialize(
        address authority,
        string calldata name_,
        string calldata symbol_,
        address accreditation_,
        uint256 periodLength_,
        uint256 minPrice,
        uint256 maxPrice
    ) external initializer {
        __CityManaged_init(authority);
        CivicCreditStorage storage $ = _getStorage();
        $.name = name_;
        $.symbol = symbol_;
        $.accreditation = IAccreditation(accreditation_);
        _setPeriodClock($, periodLength_, 0);
        _setPriceBounds(minPrice, maxPrice);
    }

    // ---------------------------------------------------------------- ERC-20 reads

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _getStorage().name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _getStorage().symbol;
    }

    /// @notice Credits are whole units of civic value.
    function decimals() external pure returns (uint8) {
        return 0;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        Totals memory t = _getStorage().totals;
        return uint256(t.minted) - t.burned;
    }

    /// @notice Credits ever minted (the $VOTE supply) and ever burned by redemptions.
    function totals() external view returns (uint256 minted, uint256 burned) {
        Totals memory t = _getStorage().totals;
        return (t.minted, t.burned);
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _getStorage().accounts[account].balance;
    }

    /// @inheritdoc ICivicCredit
    function mintedOf(address account) external view returns (uint256) {
        return _getStorage().accounts[account].minted;
    }

    /// @notice Always 0: credits cannot be approved.
    function allowance(address, address) external pure returns (uint256) {
        return 0;
    }

    // ---------------------------------------------------------------- the forbidden paths

    /// @notice Always reverts: credits are non-transferable.
    function transfer(address, uint256) external pure returns (bool) {
        revert CivicCreditNonTransferable();
    }

    /// @notice Always reverts: credits are non-transferable.
    function transferFrom(address, address, uint256) external pure returns (bool) {
        revert CivicCreditNonTransferable();
    }

    /// @notice Always reverts: credits cannot be delegated to a spender.
    function approve(address, uint256) external pure returns (bool) {
        revert CivicCreditNonTransferable();
    }

    // ---------------------------------------------------------------- issuance

    /// @inheritdoc ICivicCredit
    /// @dev Emits a mint Transfer; $VOTE mirrors it.
    function mint(address to, uint256 amount) external {
        CivicCreditStorage storage $ = _getStorage();
        if (msg.sender != $.issuer) revert CivicCreditUnauthorizedMinter(msg.sender);
        _mint($, to, amount);
        _addMinted($, amount);
        $.votes.onMint(to, amount);
    }

    /// @inheritdoc ICivicCredit
    /// @dev Emits one mint Transfer per recipient; $VOTE mirrors them.
    function mintBatch(address[] calldata to, uint256[] calldata amounts) external {
        CivicCreditStorage storage $ = _getStorage();
        if (msg.sender != $.issuer) revert CivicCreditUnauthorizedMinter(msg.sender);
        if (to.length != amounts.length) revert CivicCreditLengthMismatch(to.length, amounts.length);
        uint256 total;
        for (uint256 i; i < to.length; ++i) {
            _mint($, to[i], amounts[i]);
            total += amounts[i];
        }
        _addMinted($, total);
        $.votes.onMintBatch(to, amounts);
    }

    // ---------------------------------------------------------------- the period clock

    /// @inheritdoc ICivicCredit
    function currentPeriod() public view returns (uint32) {
        Totals memory t = _getStorage().totals;
        return t.periodOffset + uint32((block.timestamp - t.periodOrigin) / t.periodLength);
    }

    /// @inheritdoc ICivicCredit
    function currentPeriodBounds() external view returns (uint32 period, uint64 start, uint64 end) {
        Totals memory t = _getStorage().totals;
        uint256 elapsed = (block.timestamp - t.periodOrigin) / t.periodLength;
        period = t.periodOffset + uint32(elapsed);
        start = uint64(t.periodOrigin + elapsed * t.periodLength);
        end = start + t.periodLength;
    }

    /// @notice Seconds per period.
    function periodLength() external view returns (uint256) {
        return _getStorage().totals.periodLength;
    }

    /// @notice Changes the period length. The current period ends now and the next starts with the new length, so
    /// period indexes only ever increase. Restricted to the issuance committee. Emits {PeriodClockSet}.
    function setPeriodLength(uint256 length) external restricted {
        CivicCreditStorage storage $ = _getStorage();
        _setPeriodClock($, length, currentPeriod() + 1);
    }

    // ---------------------------------------------------------------- wiring and governance

    /// @notice Sets the issuance controller (the only minter) and the vote token that mirrors mints.
    /// @dev Restricted (the city factory at deployment, later the upgrades committee). Emits {IssuerSet}.
    function setIssuer(address issuer_, address votes_) external restricted {
        CivicCreditStorage storage $ = _getStorage();
        $.issuer = issuer_;
        $.votes = IVoteSink(votes_);
        emit IssuerSet(issuer_, votes_);
    }

    /// @notice The issuance controller and the vote token.
    function issuer() external view returns (address, address) {
        CivicCreditStorage storage $ = _getStorage();
        return ($.issuer, address($.votes));
    }

    /// @notice Sets the bounds every offer price must stay inside. Restricted to the rates committee.
    /// @dev Emits {PriceBoundsSet}.
    function setPriceBounds(uint256 minPrice, uint256 maxPrice) external restricted {
        _setPriceBounds(minPrice, maxPrice);
    }

    /// @notice Closes offer `offerId`, whichever redeemer owns it. Restricted to the accreditation committee (an
    /// offer that misleads participants, or one left by a redeemer the city no longer trusts).
    /// @dev Emits {OfferClosed}.
    function forceCloseOffer(uint256 offerId) external restricted {
        _forceCloseOffer(offerId);
    }

    /// @notice Closes every open offer of `redeemer`, which just lost its redeemer accreditation. Only the
    /// accreditation registry calls it, from the revocation itself, so a revoked redeemer backs no cap and burns no
    /// credits from that moment on.
    /// @dev Emits {OfferClosed} per offer.
    function onRedeemerRevoked(address redeemer) external {
        CivicCreditStorage storage $ = _getStorage();
        if (msg.sender != address($.accreditation)) revert CivicCreditNotAccreditation(msg.sender);
        _closeOffersOf(redeemer);
    }

    /// @inheritdoc ICivicCredit
    function capacityValue(uint64 start, uint64 end) public view override(ICivicCredit, RedemptionDesk) returns (uint256) {
        return super.capacityValue(start, end);
    }

    // ---------------------------------------------------------------- internals

    function _mint(CivicCreditStorage storage $, address to, uint256 amount) private {
        if (to == address(0)) revert CivicCreditZeroRecipient();
        Account memory account = $.accounts[to];
        // Bounded by the 80-bit supply counter checked in _addMinted. One slot: written once.
        $.accounts[to] = Account(account.balance + uint128(amount), account.minted + uint128(amount));
        emit Transfer(address(0), to, amount);
    }

    function _addMinted(CivicCreditStorage storage $, uint256 amount) private {
        uint256 minted = $.totals.minted + amount;
        if (minted > type(uint80).max) revert CivicCreditSupplyOverflow();
        $.totals.minted = uint80(minted);
    }

    function _burnForRedemption(address account, uint256 amount) internal override {
        CivicCreditStorage storage $ = _getStorage();
        Account storage acc = $.accounts[account];
        uint256 balance = acc.balance;
        if (balance < amount) revert RedemptionDeskInsufficientCredits(account, balance, amount);
        unchecked {
            acc.balance = uint128(balance - amount);
            // burned <= minted < 2^80
            $.totals.burned += uint80(amount);
        }
        emit Transfer(account, address(0), amount);
    }

    function _setPeriodClock(CivicCreditStorage storage $, uint256 length, uint32 offset) private {
        if (length == 0 || length > type(uint32).max) revert CivicCreditInvalidPeriodLength(length);
        $.totals.periodOrigin = uint32(block.timestamp);
        $.totals.periodLength = uint32(length);
        $.totals.periodOffset = offset;
        emit PeriodClockSet(offset, block.timestamp, length);
    }

    function _isAccreditedRedeemer(address account) internal view override returns (bool) {
        return _getStorage().accreditation.hasRoles(account, OrgRoles.REDEEMER);
    }

    function _redeemPeriod() internal view override returns (uint32) {
        return currentPeriod();
    }

    function _deskSender() internal view override returns (address) {
        return _msgSender();
    }

    function _msgSender() internal view override(ContextUpgradeable, ERC2771ContextUpgradeable) returns (address) {
        return ERC2771ContextUpgradeable._msgSender();
    }

    function _msgData() internal view override(ContextUpgradeable, ERC2771ContextUpgradeable) returns (bytes calldata) {
        return ERC2771ContextUpgradeable._msgData();
    }

    function _contextSuffixLength() internal view override(ContextUpgradeable, ERC2771ContextUpgradeable) returns (uint256) {
        return ERC2771ContextUpgradeable._contextSuffixLength();
    }

    function _getStorage() private pure returns (CivicCreditStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
