// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {CityManaged} from "../access/CityManaged.sol";

/// @title ModuleRegistry
/// @notice The trust record of dPAN module versions on the registry network shared by cities: each published
/// version's tarball integrity (sha512 digest), manifest hash, publisher and lineage, the attestations of accredited
/// auditors, and yanks. Tarballs live in an npm-protocol registry; a city's installer checks them against this record.
/// @dev Restricted functions (auditor accreditation, council yanks and maintainer removals, upgrades) are mapped to the
/// registry council's role in the registry network's AccessManager. Semver ordering stays off chain: versions are
/// opaque strings. Adding or removing another maintainer and yanking take a maintainer quorum (a majority of the
/// current maintainers: one of one, two of two or three, ...): each call is a vote, and the quorum-th vote acts, so
/// one co-maintainer cannot take a name over or yank its versions. Lists that anyone can grow (forks, attestations)
/// are read in pages.
contract ModuleRegistry is CityManaged {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice An auditor's judgement of a version.
    enum Verdict {
        Pass,
        Fail
    }

    /// @notice What is recorded for a published version. Only `yanked`, `yankedAt` and `yankReason` ever change.
    struct VersionRecord {
        bytes integrity; // sha512 digest of the tarball (64 bytes), as in the npm `integrity` field
        bytes32 manifestHash;
        address publisher;
        uint40 publishedAt;
        bool yanked;
        uint40 yankedAt;
        string forkedFrom; // "name@version" of a recorded version, or ""
        string yankReason;
    }

    /// @notice One attestation; revoked ones are kept for history and never count.
    struct Attestation {
        address auditor;
        Verdict verdict;
        uint40 attestedAt;
        bool revoked;
        uint40 revokedAt;
        bytes32 reportHash;
    }

    struct Package {
        EnumerableSet.AddressSet maintainers;
        string[] versions;
    }

    /// @custom:storage-location erc7201:citysync.storage.ModuleRegistry
    struct ModuleRegistryStorage {
        mapping(bytes32 nameKey => Package) packages;
        mapping(bytes32 versionKey => VersionRecord) records;
        mapping(bytes32 versionKey => string[]) forks; // "name@version" of every version forked from this one
        mapping(bytes32 versionKey => Attestation[]) attestations;
        // index + 1 in `attestations` of the auditor's live (unrevoked) attestation; 0 when none
        mapping(bytes32 versionKey => mapping(address auditor => uint256)) liveAttestation;
        mapping(address auditor => bytes32 metadataHash) auditors; // non-zero when accredited
        // keccak256 of the creation code of the version's setup contract; zero when recorded without one
        mapping(bytes32 versionKey => bytes32) setupCodeHashes;
        // Maintainer votes, keyed by (name, maintainer epoch, action): a change of maintainers voids open votes.
        mapping(bytes32 nameKey => uint256) maintainerEpoch;
        mapping(bytes32 voteKey => uint256) votes;
        mapping(bytes32 voteKey => mapping(address maintainer => bool)) voted;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.ModuleRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xb8b4d54b49842cc6fbbc624378e99c4e1bcadc16dcc52c211d5bb0d48d694f00;

    /// @notice Longest package name (npm's limit).
    uint256 public constant MAX_NAME_LENGTH = 214;
    /// @notice Longest version string (the `semver` package's limit).
    uint256 public constant MAX_VERSION_LENGTH = 256;
    /// @notice Longest yank reason.
    uint256 public constant MAX_REASON_LENGTH = 1024;
    /// @notice Length of a sha512 digest.
    uint256 public constant INTEGRITY_LENGTH = 64;
    /// @notice Most items a paged view returns.
    uint256 public constant MAX_PAGE = 100;

    /// @notice `name` was claimed by its first publisher, `maintainer`.
    event NameClaimed(string name, address indexed maintainer);
    /// @notice `account` became a maintainer of `name` (added by `by`).
    event MaintainerAdded(string name, address indexed account, address indexed by);
    /// @notice `account` is no longer a maintainer of `name` (removed by `by`).
    event MaintainerRemoved(string name, address indexed account, address indexed by);
    /// @notice `name@version` was recorded.
    event VersionPublished(
        string name, string version, bytes integrity, bytes32 manifestHash, string forkedFrom, address indexed publisher
    );
    /// @notice `name@version`'s setup contract is the one whose creation code hashes to `setupCodeHash`.
    event SetupCodeRecorded(string name, string version, bytes32 setupCodeHash);
    /// @notice Maintainer `voter` voted for `action` on `name` ({addAction}, {removeAction} or {yankAction}); `votes`
    /// so far of the `quorum` that carries it out.
    event MaintainerVoteCast(string name, bytes32 indexed action, address indexed voter, uint256 votes, uint256 quorum);
    /// @notice `name@version` was yanked by `by` (a maintainer, or the AccessManager for the council).
    event VersionYanked(string name, string version, string reason, address indexed by);
    /// @notice `auditor` was accredited (or its metadata replaced).
    event AuditorAccredited(address indexed auditor, bytes32 metadataHash);
    /// @notice `auditor` lost its accreditation: its attestations stop counting.
    event AuditorRevoked(address indexed auditor);
    /// @notice `auditor` attested `name@version`; `index` is its position in {attestations}.
    event AttestationRecorded(
        string name, string version, address indexed auditor, uint256 index, bytes32 reportHash, Verdict verdict
    );
    /// @notice `auditor` revoked its attestation at `index` of `name@version`.
    event AttestationRevoked(string name, string version, address indexed auditor, uint256 index);

    error InvalidName(string name);
    error InvalidVersion(string version);
    error InvalidIntegrity(uint256 length);
    error EmptyManifestHash();
    error EmptySetupCodeHash();
    error AlreadyPublished(string name, string version);
    error VersionExists(string name, string version, bytes recordedIntegrity);
    error InvalidForkSource(string forkedFrom);
    error UnknownForkSource(string forkedFrom);
    error UnknownPackage(string name);
    error UnknownVersion(string name, string version);
    error NotMaintainer(string name, address account);
    error AlreadyMaintainer(string name, address account);
    error LastMaintainer(string name, address account);
    error ZeroAddress();
    error InvalidReason(uint256 length);
    error AlreadyYanked(string name, string version);
    error EmptyMetadataHash();
    error NotAuditor(address account);
    error EmptyReportHash();
    error AlreadyAttested(string name, string version, address auditor);
    error NoLiveAttestation(string name, string version, address auditor);
    /// @notice `maintainer` already voted for `action` on `name` under the current maintainers.
    error AlreadyVoted(string name, bytes32 action, address maintainer);

    /// @notice Initializes the registry under the registry network's AccessManager.
    /// @param authority The AccessManager holding the council role.
    function initialize(address authority) external initializer {
        __CityManaged_init(authority);
    }

    // ------------------------------------------------------------------ publishing

    /// @notice Records `name@version`. The first publisher of `name` becomes its maintainer; later versions need a
    /// maintainer. A version is recorded once: the same integrity again reverts {AlreadyPublished}, another one
    /// {VersionExists} with the recorded digest.
    /// @param name The npm package name (1..214 bytes).
    /// @param version The version string (1..256 bytes, no '@', so "name@version" splits one way); its semver ordering
    /// is resolved off chain.
    /// @param integrity The sha512 digest of the tarball (64 bytes).
    /// @param manifestHash The hash of the module's manifest (non-zero).
    /// @param source "name@version" of the recorded version this one is forked from, or "" (kept as `forkedFrom`).
    /// @dev Emits {NameClaimed} and {MaintainerAdded} on a new name, then {VersionPublished}.
    function publish(
        string calldata name,
        string calldata version,
        bytes calldata integrity,
        bytes32 manifestHash,
        string calldata source
    ) public {
        uint256 nameLength = bytes(name).length;
        if (nameLength == 0 || nameLength > MAX_NAME_LENGTH) revert InvalidName(name);
        uint256 versionLength = bytes(version).length;
        if (versionLength == 0 || versionLength > MAX_VERSION_LENGTH || _hasAt(bytes(version))) {
            revert InvalidVersion(version);
        }
        if (integrity.length != INTEGRITY_LENGTH) revert InvalidIntegrity(integrity.length);
        if (manifestHash == bytes32(0)) revert EmptyManifestHash();
        bytes32 sourceKey = bytes(source).length == 0 ? bytes32(0) : _forkSourceKey(source);
        // memory copies from here on: five calldata arguments do not fit the stack with the locals
        _publish(name, version, integrity, manifestHash, source, sourceKey);
    }

    /// @notice {publish}, also recording the keccak256 of the creation code of the version's setup contract (its
    /// artifact's bytecode): what an installer compares with the hash the city's kernel recorded for a preparation
    /// before the modules committee approves it, so a look-alike setup with the same name, version and content hash
    /// is refused. Recorded once, with the version.
    /// @param setupCode keccak256 of the setup artifact's creation bytecode (non-zero).
    /// @dev Emits what {publish} emits, then {SetupCodeRecorded}.
    function publishWithSetupCode(
        string calldata name,
        string calldata version,
        bytes calldata integrity,
        bytes32 manifestHash,
        string calldata source,
        bytes32 setupCode
    ) external {
        if (setupCode == bytes32(0)) revert EmptySetupCodeHash();
        publish(name, version, integrity, manifestHash, source);
        _getStorage().setupCodeHashes[_versionKey(bytes(name), bytes(version))] = setupCode;
        emit SetupCodeRecorded(name, version, setupCode);
    }

    /// @notice Votes to make `account` a maintainer of `name`; the maintainer quorum's vote adds it. Returns whether
    /// this vote added it.
    /// @dev Callable by a maintainer of `name`, once per action. Emits {MaintainerVoteCast}, then {MaintainerAdded}
    /// at the quorum.
    function addMaintainer(string calldata name, address account) external returns (bool added) {
        Package storage pkg = _maintainedPackage(name);
        if (account == address(0)) revert ZeroAddress();
        if (pkg.maintainers.contains(account)) revert AlreadyMaintainer(name, account);
        if (!_vote(pkg, name, addAction(account))) return false;
        pkg.maintainers.add(account);
        ++_getStorage().maintainerEpoch[keccak256(bytes(name))];
        emit MaintainerAdded(name, account, msg.sender);
        return true;
    }

    /// @notice Removes `account` from the maintainers of `name`: at once when a maintainer removes itself, else a
    /// vote, and the maintainer quorum's vote removes it. The last maintainer cannot be removed, so a name is never
    /// orphaned. Returns whether this call removed it.
    /// @dev Callable by a maintainer of `name`. Emits {MaintainerVoteCast} for a vote, {MaintainerRemoved} on removal.
    function removeMaintainer(string calldata name, address account) external returns (bool removed) {
        Package storage pkg = _maintainedPackage(name);
        _checkRemovable(pkg, name, account);
        if (account != msg.sender && !_vote(pkg, name, removeAction(account))) return false;
        _removeMaintainer(pkg, name, account);
        return true;
    }

    /// @notice The council's removal of `account` from the maintainers of `name` (e.g. a compromised key that the
    /// other maintainers cannot outvote). Never the last maintainer.
    /// @dev Restricted to the registry council. Emits {MaintainerRemoved}.
    function councilRemoveMaintainer(string calldata name, address account) external restricted {
        Package storage pkg = _getStorage().packages[keccak256(bytes(name))];
        if (pkg.maintainers.length() == 0) revert UnknownPackage(name);
        _checkRemovable(pkg, name, account);
        _removeMaintainer(pkg, name, account);
    }

    // ------------------------------------------------------------------ yanks

    /// @notice Votes to yank `name@version` for good with `reason`; the maintainer quorum's vote (for the same
    /// reason) yanks it: installs refuse it and cities that have it see an advisory. Returns whether this vote yanked
    /// it.
    /// @param reason Why (1..1024 bytes).
    /// @dev Callable by a maintainer of `name`. Emits {MaintainerVoteCast}, then {VersionYanked} at the quorum.
    function yank(string calldata name, string calldata version, string calldata reason) external returns (bool yanked) {
        Package storage pkg = _maintainedPackage(name);
        VersionRecord storage rec = _yankable(name, version, reason);
        if (!_vote(pkg, name, yankAction(version, reason))) return false;
        _yank(rec, name, version, reason);
        return true;
    }

    /// @notice The council's yank of `name@version` (e.g. a maintainer unreachable during an incident).
    /// @dev Restricted to the registry council. Emits {VersionYanked}.
    function councilYank(string calldata name, string calldata version, string calldata reason) external restricted {
        _yank(_yankable(name, version, reason), name, version, reason);
    }

    // ------------------------------------------------------------------ auditors

    /// @notice Accredits `auditor` with the content hash of its off-chain record (or replaces that hash).
    /// @dev Restricted to the registry council. Emits {AuditorAccredited}.
    function accreditAuditor(address auditor, bytes32 metadataHash) external restricted {
        if (auditor == address(0)) revert ZeroAddress();
        if (metadataHash == bytes32(0)) revert EmptyMetadataHash();
        _getStorage().auditors[auditor] = metadataHash;
        emit AuditorAccredited(auditor, metadataHash);
    }

    /// @notice Withdraws the accreditation of `auditor`: its attestations stop counting in {passingAttestations}
    /// (they stay in the history) and it can no longer attest.
    /// @dev Restricted to the registry council. Emits {AuditorRevoked}.
    function revokeAuditor(address auditor) external restricted {
        ModuleRegistryStorage storage $ = _getStorage();
        if ($.auditors[auditor] == bytes32(0)) revert NotAuditor(auditor);
        delete $.auditors[auditor];
        emit AuditorRevoked(auditor);
    }

    /// @notice Attests `name@version` with the hash of the audit report and a verdict. An auditor has at most one live
    /// attestation per version: to change it, revoke it and attest again (the history keeps both).
    /// @dev Callable by an accredited auditor. Emits {AttestationRecorded}.
    function attest(string calldata name, string calldata version, bytes32 reportHash, Verdict verdict) external {
        ModuleRegistryStorage storage $ = _getStorage();
        if ($.auditors[msg.sender] == bytes32(0)) revert NotAuditor(msg.sender);
        if (reportHash == bytes32(0)) revert EmptyReportHash();
        bytes32 key = _recordedKey($, name, version);
        if ($.liveAttestation[key][msg.sender] != 0) revert AlreadyAttested(name, version, msg.sender);
        Attestation[] storage list = $.attestations[key];
        uint256 index = list.length;
        list.push(Attestation(msg.sender, verdict, uint40(block.timestamp), false, 0, reportHash));
        $.liveAttestation[key][msg.sender] = index + 1;
        emit AttestationRecorded(name, version, msg.sender, index, reportHash, verdict);
    }

    /// @notice Revokes the caller's live attestation of `name@version` (allowed after losing accreditation too).
    /// @dev Emits {AttestationRevoked}.
    function revokeAttestation(string calldata name, string calldata version) external {
        ModuleRegistryStorage storage $ = _getStorage();
        bytes32 key = _recordedKey($, name, version);
        uint256 slot = $.liveAttestation[key][msg.sender];
        if (slot == 0) revert NoLiveAttestation(name, version, msg.sender);
        delete $.liveAttestation[key][msg.sender];
        Attestation storage a = $.attestations[key][slot - 1];
        a.revoked = true;
        a.revokedAt = uint40(block.timestamp);
        emit AttestationRevoked(name, version, msg.sender, slot - 1);
    }

    // ------------------------------------------------------------------ views

    /// @notice The record of `name@version`; reverts {UnknownVersion} when it was never published.
    function record(string calldata name, string calldata version) external view returns (VersionRecord memory) {
        ModuleRegistryStorage storage $ = _getStorage();
        return $.records[_recordedKey($, name, version)];
    }

    /// @notice keccak256 of the creation code of `name@version`'s setup contract; zero when it was published without
    /// one ({publish}). Reverts {UnknownVersion} when it was never published.
    function setupCodeHash(string calldata name, string calldata version) external view returns (bytes32) {
        ModuleRegistryStorage storage $ = _getStorage();
        return $.setupCodeHashes[_recordedKey($, name, version)];
    }

    /// @notice Whether `name@version` was published.
    function isPublished(string calldata name, string calldata version) external view returns (bool) {
        return _getStorage().records[_versionKey(bytes(name), bytes(version))].publisher != address(0);
    }

    /// @notice Whether `name@version` was yanked (false when it was never published).
    function isYanked(string calldata name, string calldata version) external view returns (bool) {
        return _getStorage().records[_versionKey(bytes(name), bytes(version))].yanked;
    }

    /// @notice Every recorded version of `name`, in publication order (empty for an unknown name).
    function versions(string calldata name) external view returns (string[] memory) {
        return _getStorage().packages[keccak256(bytes(name))].versions;
    }

    /// @notice The maintainers of `name` (empty for an unknown name).
    function maintainers(string calldata name) external view returns (address[] memory) {
        return _getStorage().packages[keccak256(bytes(name))].maintainers.values();
    }

    /// @notice Whether `account` maintains `name`.
    function isMaintainer(string calldata name, address account) external view returns (bool) {
        return _getStorage().packages[keccak256(bytes(name))].maintainers.contains(account);
    }

    /// @notice "name@version" that `name@version` was forked from, or "" (reverts {UnknownVersion}).
    function forkedFrom(string calldata name, string calldata version) external view returns (string memory) {
        ModuleRegistryStorage storage $ = _getStorage();
        return $.records[_recordedKey($, name, version)].forkedFrom;
    }

    /// @notice "name@version" of the versions forked from `name@version`, in publication order: at most
    /// min(`limit`, {MAX_PAGE}) from position `offset` (empty past the end). {forkCount} gives the length.
    function forksOf(string calldata name, string calldata version, uint256 offset, uint256 limit)
        external
        view
        returns (string[] memory page)
    {
        string[] storage list = _getStorage().forks[_versionKey(bytes(name), bytes(version))];
        (uint256 start, uint256 end) = _pageBounds(list.length, offset, limit);
        page = new string[](end - start);
        for (uint256 i = start; i < end; i++) {
            page[i - start] = list[i];
        }
    }

    /// @notice How many versions were forked from `name@version`.
    function forkCount(string calldata name, string calldata version) external view returns (uint256) {
        return _getStorage().forks[_versionKey(bytes(name), bytes(version))].length;
    }

    /// @notice The attestations of `name@version`, revoked ones included, in order: at most min(`limit`,
    /// {MAX_PAGE}) from position `offset` (empty past the end). {attestationCount} gives the length.
    function attestations(string calldata name, string calldata version, uint256 offset, uint256 limit)
        external
        view
        returns (Attestation[] memory page)
    {
        Attestation[] storage list = _getStorage().attestations[_versionKey(bytes(name), bytes(version))];
        (uint256 start, uint256 end) = _pageBounds(list.length, offset, limit);
        page = new Attestation[](end - start);
        for (uint256 i = start; i < end; i++) {
            page[i - start] = list[i];
        }
    }

    /// @notice How many attestations `name@version` has, revoked ones included.
    function attestationCount(string calldata name, string calldata version) external view returns (uint256) {
        return _getStorage().attestations[_versionKey(bytes(name), bytes(version))].length;
    }

    /// @notice Votes a maintainer action on `name` holds under the current maintainers, and the quorum it needs.
    function maintainerVotes(string calldata name, bytes32 action) external view returns (uint256 votes, uint256 quorum) {
        ModuleRegistryStorage storage $ = _getStorage();
        Package storage pkg = $.packages[keccak256(bytes(name))];
        return ($.votes[_voteKey($, name, action)], _quorum(pkg));
    }

    /// @notice Whether `maintainer` voted for `action` on `name` under the current maintainers.
    function hasVoted(string calldata name, bytes32 action, address maintainer) external view returns (bool) {
        ModuleRegistryStorage storage $ = _getStorage();
        return $.voted[_voteKey($, name, action)][maintainer];
    }

    /// @notice Votes that carry a maintainer action on `name`: a majority of its maintainers (0 for an unknown name).
    function maintainerQuorum(string calldata name) external view returns (uint256) {
        return _quorum(_getStorage().packages[keccak256(bytes(name))]);
    }

    /// @notice The action a vote to add `account` as a maintainer counts toward.
    function addAction(address account) public pure returns (bytes32) {
        return keccak256(abi.encode("add", account));
    }

    /// @notice The action a vote to remove maintainer `account` counts toward.
    function removeAction(address account) public pure returns (bytes32) {
        return keccak256(abi.encode("remove", account));
    }

    /// @notice The action a vote to yank `version` with `reason` counts toward (votes for another reason do not add up).
    function yankAction(string calldata version, string calldata reason) public pure returns (bytes32) {
        return keccak256(abi.encode("yank", version, reason));
    }

    /// @notice How many of `trustedAuditors` (duplicates counted once) currently hold accreditation and a live
    /// passing attestation of that version: what a city's install policy compares with its `minAttestations`.
    /// @dev Yanks are not considered here: installers check {isYanked} separately. Quadratic in the list length,
    /// which a city's policy keeps short.
    function passingAttestations(string calldata name, string calldata version, address[] calldata trustedAuditors)
        external
        view
        returns (uint256 count)
    {
        ModuleRegistryStorage storage $ = _getStorage();
        bytes32 key = _versionKey(bytes(name), bytes(version));
        Attestation[] storage list = $.attestations[key];
        for (uint256 i = 0; i < trustedAuditors.length; i++) {
            address auditor = trustedAuditors[i];
            uint256 slot = $.liveAttestation[key][auditor];
            if (slot == 0 || $.auditors[auditor] == bytes32(0) || list[slot - 1].verdict != Verdict.Pass) continue;
            if (_seenBefore(trustedAuditors, i)) continue;
            count++;
        }
    }

    /// @notice Whether `account` is an accredited auditor.
    function isAuditor(address account) external view returns (bool) {
        return _getStorage().auditors[account] != bytes32(0);
    }

    /// @notice The metadata hash of `auditor`'s accreditation (zero when not accredited).
    function auditorMetadata(address auditor) external view returns (bytes32) {
        return _getStorage().auditors[auditor];
    }

    // ------------------------------------------------------------------ internals

    function _publish(
        string memory name,
        string memory version,
        bytes memory integrity,
        bytes32 manifestHash,
        string memory source,
        bytes32 sourceKey
    ) private {
        ModuleRegistryStorage storage $ = _getStorage();
        bytes32 key = _versionKey(bytes(name), bytes(version));
        VersionRecord storage rec = $.records[key];
        if (rec.publisher != address(0)) {
            if (keccak256(rec.integrity) == keccak256(integrity)) revert AlreadyPublished(name, version);
            revert VersionExists(name, version, rec.integrity);
        }
        Package storage pkg = $.packages[keccak256(bytes(name))];
        bool newName = pkg.maintainers.length() == 0;
        if (!newName && !pkg.maintainers.contains(msg.sender)) revert NotMaintainer(name, msg.sender);
        if (sourceKey != bytes32(0) && $.records[sourceKey].publisher == address(0)) revert UnknownForkSource(source);

        if (newName) {
            pkg.maintainers.add(msg.sender);
            emit NameClaimed(name, msg.sender);
            emit MaintainerAdded(name, msg.sender, msg.sender);
        }
        pkg.versions.push(version);
        rec.integrity = integrity;
        rec.manifestHash = manifestHash;
        rec.publisher = msg.sender;
        rec.publishedAt = uint40(block.timestamp);
        if (sourceKey != bytes32(0)) {
            rec.forkedFrom = source;
            $.forks[sourceKey].push(string.concat(name, "@", version));
        }
        emit VersionPublished(name, version, integrity, manifestHash, source, msg.sender);
    }

    function _yankable(string calldata name, string calldata version, string calldata reason)
        private
        view
        returns (VersionRecord storage rec)
    {
        uint256 reasonLength = bytes(reason).length;
        if (reasonLength == 0 || reasonLength > MAX_REASON_LENGTH) revert InvalidReason(reasonLength);
        ModuleRegistryStorage storage $ = _getStorage();
        rec = $.records[_recordedKey($, name, version)];
        if (rec.yanked) revert AlreadyYanked(name, version);
    }

    function _yank(VersionRecord storage rec, string calldata name, string calldata version, string calldata reason)
        private
    {
        rec.yanked = true;
        rec.yankedAt = uint40(block.timestamp);
        rec.yankReason = reason;
        emit VersionYanked(name, version, reason, msg.sender);
    }

    function _checkRemovable(Package storage pkg, string calldata name, address account) private view {
        if (!pkg.maintainers.contains(account)) revert NotMaintainer(name, account);
        if (pkg.maintainers.length() == 1) revert LastMaintainer(name, account);
    }

    function _removeMaintainer(Package storage pkg, string calldata name, address account) private {
        pkg.maintainers.remove(account);
        ++_getStorage().maintainerEpoch[keccak256(bytes(name))];
        emit MaintainerRemoved(name, account, msg.sender);
    }

    /// @dev Records the caller's vote for `action`; true when it reaches the quorum.
    function _vote(Package storage pkg, string calldata name, bytes32 action) private returns (bool carried) {
        ModuleRegistryStorage storage $ = _getStorage();
        bytes32 key = _voteKey($, name, action);
        if ($.voted[key][msg.sender]) revert AlreadyVoted(name, action, msg.sender);
        $.voted[key][msg.sender] = true;
        uint256 votes = $.votes[key] + 1;
        $.votes[key] = votes;
        uint256 quorum = _quorum(pkg);
        emit MaintainerVoteCast(name, action, msg.sender, votes, quorum);
        return votes >= quorum;
    }

    function _voteKey(ModuleRegistryStorage storage $, string calldata name, bytes32 action)
        private
        view
        returns (bytes32)
    {
        bytes32 nameKey = keccak256(bytes(name));
        return keccak256(abi.encode(nameKey, $.maintainerEpoch[nameKey], action));
    }

    function _quorum(Package storage pkg) private view returns (uint256) {
        uint256 count = pkg.maintainers.length();
        return count == 0 ? 0 : count / 2 + 1;
    }

    function _pageBounds(uint256 length, uint256 offset, uint256 limit) private pure returns (uint256 start, uint256 end) {
        if (limit > MAX_PAGE) limit = MAX_PAGE;
        start = offset < length ? offset : length;
        end = length - start < limit ? length : start + limit;
    }

    function _maintainedPackage(string calldata name) private view returns (Package storage pkg) {
        pkg = _getStorage().packages[keccak256(bytes(name))];
        if (pkg.maintainers.length() == 0) revert UnknownPackage(name);
        if (!pkg.maintainers.contains(msg.sender)) revert NotMaintainer(name, msg.sender);
    }

    function _recordedKey(ModuleRegistryStorage storage $, string calldata name, string calldata version)
        private
        view
        returns (bytes32 key)
    {
        key = _versionKey(bytes(name), bytes(version));
        if ($.records[key].publisher == address(0)) revert UnknownVersion(name, version);
    }

    /// @dev Splits "name@version" at its last '@' (scoped names begin with one), which must not be the first byte.
    function _forkSourceKey(string calldata source) private pure returns (bytes32) {
        bytes calldata s = bytes(source);
        uint256 at = s.length;
        while (at > 0 && s[at - 1] != "@") at--;
        // `at` is one past the '@'; a source needs a non-empty name before it and a version after it
        if (at < 2 || at == s.length) revert InvalidForkSource(source);
        return _versionKey(s[:at - 1], s[at:]);
    }

    function _hasAt(bytes calldata s) private pure returns (bool) {
        for (uint256 i = 0; i < s.length; i++) {
            if (s[i] == "@") return true;
        }
        return false;
    }

    function _versionKey(bytes memory name, bytes memory version) private pure returns (bytes32) {
        return keccak256(abi.encode(name, version));
    }

    function _seenBefore(address[] calldata list, uint256 i) private pure returns (bool) {
        for (uint256 j = 0; j < i; j++) {
            if (list[j] == list[i]) return true;
        }
        return false;
    }

    function _getStorage() private pure returns (ModuleRegistryStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
