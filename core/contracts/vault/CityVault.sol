// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC4626Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC4626Upgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {CityManaged} from "../access/CityManaged.sol";
import {PrincipalLock} from "./PrincipalLock.sol";
import {YieldSplitter} from "./YieldSplitter.sol";

/// @title CityVault
/// @notice The city's endowment: donors give an asset, its principal is locked for ever in a {PrincipalLock} (no
/// owner, no upgrade, no withdrawal), and only the yield above the principal is harvested to the {YieldSplitter},
/// which pays the budget lines the vault committee set. Built on OpenZeppelin's ERC-4626: a donation mints
/// non-transferable shares (the donor's stake in the yield, used for donor statements); `withdraw` and `redeem`
/// always revert and `maxWithdraw`/`maxRedeem` are 0.
/// @dev Every deposit harvests first, so yield accrued before a donation goes out before it and belongs to earlier
/// donors. Shares price a donation against the principal (the lower of the endowment's value and its principal):
/// value sent to the lock directly is yield, paid out, and never moves the price, so the first-deposit
/// share-inflation attack buys nothing; after a loss, new donors are priced at the lower value. A virtual-share
/// offset of 6 decimals adds OpenZeppelin's own defence. Rounding follows ERC-4626: shares down on deposit, assets
/// up on mint.
contract CityVault is CityManaged, ERC4626Upgradeable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Math for uint256;

    /// @notice Longest dedication a donation may carry, in bytes.
    uint256 public constant MAX_DEDICATION_BYTES = 280;

    /// @custom:storage-location erc7201:citysync.storage.CityVault
    struct CityVaultStorage {
        PrincipalLock lock;
        YieldSplitter splitter;
        uint256 totalHarvested;
        uint256 donationCount;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.CityVault")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x5f9215dfe52d07ec59d16b815bdf98c8fa7197534ec8759a0147b4f4a9320000;

    /// @notice `donor` gave `assets`; `receiver` holds the `shares` (the stake the donor statement reads).
    event Donated(
        address indexed donor,
        address indexed receiver,
        uint256 assets,
        uint256 shares,
        uint256 principalAfter,
        string dedication
    );
    /// @notice `amount` of yield went to the splitter; `totalShares` were outstanding (each share's part is
    /// `amount / totalShares`).
    event Harvested(uint256 amount, uint256 totalShares, uint256 principal, uint256 totalHarvested);

    error CityVaultPrincipalLocked();
    error CityVaultSharesNonTransferable();
    error CityVaultZeroShares(uint256 assets);
    error CityVaultZeroAssets();
    error CityVaultDedicationTooLong(uint256 length, uint256 max);

    /// @notice Initializes the vault and creates its principal lock over `yieldSource` (whose asset is `asset_`).
    function initialize(
        address authority,
        IERC20 asset_,
        IERC4626 yieldSource_,
        YieldSplitter splitter_,
        string calldata name_,
        string calldata symbol_
    ) external initializer {
        __CityManaged_init(authority);
        __ERC20_init(name_, symbol_);
        __ERC4626_init(asset_);
        CityVaultStorage storage $ = _getStorage();
        $.lock = new PrincipalLock(asset_, yieldSource_);
        $.splitter = splitter_;
    }

    // ------------------------------------------------------------------ giving

    /// @notice Gives `assets` to the endowment for ever, with an optional dedication (e.g. "in memory of ...").
    /// `receiver` holds the shares: the stake whose yield the donor statement reports.
    /// @dev Harvests first. Emits {Donated} and ERC-4626's {Deposit}.
    function donate(uint256 assets, address receiver, string calldata dedication)
        external
        nonReentrant
        returns (uint256 shares)
    {
        _harvest();
        shares = previewDeposit(assets);
        _give(receiver, assets, shares, dedication);
    }

    /// @notice ERC-4626 deposit: a donation without dedication. The assets can never be withdrawn.
    /// @dev Harvests first. Emits {Donated} and {Deposit}.
    function deposit(uint256 assets, address receiver) public override nonReentrant returns (uint256 shares) {
        _harvest();
        shares = previewDeposit(assets);
        _give(receiver, assets, shares, "");
    }

    /// @notice ERC-4626 mint: a donation of exactly `shares`, paying the assets rounded up.
    /// @dev Harvests first. Emits {Donated} and {Deposit}.
    function mint(uint256 shares, address receiver) public override nonReentrant returns (uint256 assets) {
        _harvest();
        assets = previewMint(shares);
        _give(receiver, assets, shares, "");
    }

    /// @notice Always reverts: principal never leaves the vault.
    function withdraw(uint256, address, address) public pure override returns (uint256) {
        revert CityVaultPrincipalLocked();
    }

    /// @notice Always reverts: principal never leaves the vault.
    function redeem(uint256, address, address) public pure override returns (uint256) {
        revert CityVaultPrincipalLocked();
    }

    /// @notice 0: nothing can be withdrawn.
    function maxWithdraw(address) public pure override returns (uint256) {
        return 0;
    }

    /// @notice 0: nothing can be redeemed.
    function maxRedeem(address) public pure override returns (uint256) {
        return 0;
    }

    // ------------------------------------------------------------------ yield

    /// @notice Moves the value above the principal to the splitter and has it pay the budget lines. Anyone may
    /// call it; the caller gains nothing. Returns the amount harvested.
    /// @dev Emits {Harvested} (when there was yield) and the splitter's {YieldSplitter-Payout} per line paid.
    function harvest() external nonReentrant returns (uint256 amount) {
        amount = _harvest();
        _getStorage().splitter.distribute();
    }

    /// @notice The endowment's value: the lock's position in the yield source plus its idle asset.
    function totalAssets() public view override returns (uint256) {
        return _getStorage().lock.totalValue();
    }

    /// @dev Conversions price shares against min(value, principal): a surplus is yield waiting for harvest, not a
    /// reason for the next donor to get fewer shares.
    function _convertToShares(uint256 assets, Math.Rounding rounding) internal view override returns (uint256) {
        return assets.mulDiv(totalSupply() + 10 ** _decimalsOffset(), _pricingAssets() + 1, rounding);
    }

    function _convertToAssets(uint256 shares, Math.Rounding rounding) internal view override returns (uint256) {
        return shares.mulDiv(_pricingAssets() + 1, totalSupply() + 10 ** _decimalsOffset(), rounding);
    }

    function _pricingAssets() private view returns (uint256) {
        PrincipalLock lock_ = _getStorage().lock;
        uint256 value = lock_.totalValue();
        uint256 principal = lock_.principal();
        return value < principal ? value : principal;
    }

    /// @notice Every amount ever given. Never decreases.
    function totalPrincipal() external view returns (uint256) {
        return _getStorage().lock.principal();
    }

    /// @notice Yield ready to harvest: the lock's surplus, plus any asset sent to the vault by mistake.
    function harvestable() external view returns (uint256) {
        return _getStorage().lock.surplus() + IERC20(asset()).balanceOf(address(this));
    }

    /// @notice Every amount ever harvested.
    function totalHarvested() external view returns (uint256) {
        return _getStorage().totalHarvested;
    }

    /// @notice How many donations were made.
    function donationCount() external view returns (uint256) {
        return _getStorage().donationCount;
    }

    /// @notice The custody contract holding the principal.
    function lock() external view returns (PrincipalLock) {
        return _getStorage().lock;
    }

    /// @notice Where harvests go.
    function splitter() external view returns (YieldSplitter) {
        return _getStorage().splitter;
    }

    /// @notice The yield source the principal is invested in.
    function yieldSource() external view returns (IERC4626) {
        return _getStorage().lock.yieldSource();
    }

    // ------------------------------------------------------------------ internals

    function _give(address receiver, uint256 assets, uint256 shares, string memory dedication) private {
        if (assets == 0) revert CityVaultZeroAssets();
        if (shares == 0) revert CityVaultZeroShares(assets);
        uint256 length = bytes(dedication).length;
        if (length > MAX_DEDICATION_BYTES) revert CityVaultDedicationTooLong(length, MAX_DEDICATION_BYTES);
        CityVaultStorage storage $ = _getStorage();
        PrincipalLock lock_ = $.lock;
        $.donationCount += 1;
        _mint(receiver, shares);
        emit Deposit(_msgSender(), receiver, assets, shares);
        emit Donated(_msgSender(), receiver, assets, shares, lock_.principal() + assets, dedication);
        IERC20(asset()).safeTransferFrom(_msgSender(), address(lock_), assets);
        lock_.lockPrincipal(assets);
    }

    function _harvest() private returns (uint256 amount) {
        CityVaultStorage storage $ = _getStorage();
        uint256 shares = totalSupply();
        // The vault itself never holds the asset (donations go straight to the lock): anything here was sent by
        // mistake. It joins the lock as surplus, so it is paid out as yield instead of being stuck for ever.
        IERC20 asset_ = IERC20(asset());
        uint256 stray = asset_.balanceOf(address(this));
        if (stray > 0) asset_.safeTransfer(address($.lock), stray);
        amount = $.lock.releaseSurplus(address($.splitter));
        if (amount == 0) return 0;
        uint256 total = $.totalHarvested + amount;
        $.totalHarvested = total;
        emit Harvested(amount, shares, $.lock.principal(), total);
    }

    /// @dev Shares are a donor's record, not a claim: they are minted and never move.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0)) revert CityVaultSharesNonTransferable();
        super._update(from, to, value);
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }

    function _getStorage() private pure returns (CityVaultStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
