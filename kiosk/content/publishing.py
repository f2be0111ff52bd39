"""The central office's TUF repository: content releases signed for the kiosks to follow.

The repository is a plain folder ``DIR`` with ``metadata/`` and ``targets/`` that any static web
server can serve (``deploy/nginx-content.conf``). It uses TUF's *consistent snapshots*: every
version of ``snapshot``, ``targets`` and ``root`` has its own file name (``7.targets.json``) and
the release file is named after its hash (``targets/content/<sha256>.release.json``), so a kiosk
that reads ``timestamp.json`` while a publish runs still finds the complete older set and never
mixes files of two releases. ``timestamp.json`` is written last, atomically: publishing is
visible to kiosks in one step.

Keys (python-tuf and securesystemslib do all signing and checking; nothing here is crypto of
its own) live only in ``KEYDIR``, never in ``DIR`` (folder 0700, files 0600)::

    KEYDIR/root-1.key … root-N.key   root keys: kept offline (USB sticks), needed only for
                                      ``keys init``, ``keys rotate`` and ``keys renew-root``
    KEYDIR/targets.key                the office's key: signs each release (``publish``)
    KEYDIR/snapshot.key               signs which targets version is current
    KEYDIR/timestamp.key              re-signed by a timer (``refresh``) so kiosks see freshness

Which file belongs to which key is worked out from the key itself (its key id), so the files
can be moved to sticks and back under the same names.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer
from tuf.repository import Repository

#: How long each role's signature holds. The timestamp is re-signed by a timer (``refresh``);
#: if the server or the timer is down longer than that, kiosks keep their content and warn staff.
ROOT_EXPIRY = timedelta(days=365)
TARGETS_EXPIRY = timedelta(days=91)
SNAPSHOT_EXPIRY = timedelta(days=7)
TIMESTAMP_EXPIRY = timedelta(days=3)
EXPIRY = {
    Root.type: ROOT_EXPIRY,
    Targets.type: TARGETS_EXPIRY,
    Snapshot.type: SNAPSHOT_EXPIRY,
    Timestamp.type: TIMESTAMP_EXPIRY,
}
#: ``refresh`` re-signs a role when it expires within this margin (a timer every few hours then
#: gives a new timestamp about once a day, a new snapshot twice a week).
RESIGN_BEFORE = {
    Timestamp.type: timedelta(days=2),
    Snapshot.type: timedelta(days=4),
    Targets.type: timedelta(days=30),
}
#: Root is signed offline: ``refresh`` only warns this long before it expires.
ROOT_WARN_BEFORE = timedelta(days=60)

#: The one target of the repository: the current content release.
RELEASE_TARGET = "content/release.json"
#: A release larger than this is not published (nor downloaded by a kiosk).
MAX_RELEASE_BYTES = 64 * 1024 * 1024

ROLES = (Root.type, Targets.type, Snapshot.type, Timestamp.type)
ONLINE_ROLES = (Targets.type, Snapshot.type, Timestamp.type)

_ROOT_KEY = re.compile(r"^root-(\d+)\.key$")
_VERSIONED = re.compile(r"^(\d+)\.(root|snapshot|targets)\.json$")


class PublishingError(Exception):
    """The repository cannot be changed as asked; the message is meant for the office's IT and
    never contains key material."""


@dataclass(frozen=True)
class PublishResult:
    version: int  # the release's own version number
    target_file: Path  # the hash-named file under DIR/targets/
    length: int
    sha256: str
    metadata_versions: dict[str, int]
    expires: dict[str, datetime]


@dataclass(frozen=True)
class RefreshResult:
    resigned: tuple[str, ...]
    expires: dict[str, datetime]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RotateResult:
    role: str
    old_keyids: tuple[str, ...]
    new_keyids: tuple[str, ...]
    root_version: int
    key_files: tuple[Path, ...]


@dataclass(frozen=True)
class RepositoryStatus:
    release_version: int | None
    release_sha256: str | None
    metadata_versions: dict[str, int]
    expires: dict[str, datetime]
    root_threshold: int
    root_keys: int
    key_files: dict[str, tuple[Path, ...]] = field(default_factory=dict)


# -- key files ---------------------------------------------------------------------------------
def _key_file_name(role: str, index: int = 1) -> str:
    return f"root-{index}.key" if role == Root.type else f"{role}.key"


def _check_separate(repo_dir: Path, keys_dir: Path) -> None:
    repo, keys = repo_dir.resolve(), keys_dir.resolve()
    if keys == repo or keys.is_relative_to(repo):
        raise PublishingError(
            f"The key folder {keys_dir} lies inside the repository {repo_dir}, which a web server "
            "serves: keep private keys outside of it."
        )


def _prepare_keys_dir(keys_dir: Path) -> None:
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(keys_dir, 0o700)


def _write_private(path: Path, signer: CryptoSigner) -> None:
    """A private key file readable only by its owner (created 0600, never widened)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, signer.private_bytes)
        os.fsync(fd)
    finally:
        os.close(fd)


def _load_signer(path: Path) -> CryptoSigner:
    try:
        mode = path.stat().st_mode
        if mode & 0o077:
            raise PublishingError(
                f"The key file {path} can be read by others (mode {mode & 0o777:o}): "
                f"chmod 600 {path}"
            )
        return CryptoSigner(load_pem_private_key(path.read_bytes(), None))
    except PublishingError:
        raise
    except OSError as error:
        raise PublishingError(f"The key file {path} cannot be read: {error.strerror}") from None
    except (ValueError, TypeError):
        raise PublishingError(f"The key file {path} is not a private key.") from None


def _key_files(keys_dir: Path) -> list[Path]:
    if not keys_dir.is_dir():
        return []
    names = [n for n in os.listdir(keys_dir) if n.endswith(".key")]
    return [keys_dir / n for n in sorted(names)]


def _load_signers(keys_dir: Path) -> dict[str, tuple[CryptoSigner, Path]]:
    """Every private key in the folder, by key id (which role it serves is root.json's word)."""
    signers: dict[str, tuple[CryptoSigner, Path]] = {}
    for path in _key_files(keys_dir):
        signer = _load_signer(path)
        signers[signer.public_key.keyid] = (signer, path)
    return signers


# -- files -------------------------------------------------------------------------------------
def _write_public(path: Path, data: bytes) -> None:
    """A file of the repository, replaced in one step (readers see the old or the new file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _latest_versions(metadata_dir: Path) -> dict[str, int]:
    latest: dict[str, int] = {}
    if metadata_dir.is_dir():
        for name in os.listdir(metadata_dir):
            match = _VERSIONED.match(name)
            if match:
                role, version = match.group(2), int(match.group(1))
                latest[role] = max(latest.get(role, 0), version)
    return latest


_SERIALIZERS = {
    Root.type: JSONSerializer(compact=False),  # root.json is read by people at enrolment
    Targets.type: JSONSerializer(compact=True),
    Snapshot.type: JSONSerializer(compact=True),
    Timestamp.type: JSONSerializer(compact=True),
}
_NEW = {Root.type: Root, Targets.type: Targets, Snapshot.type: Snapshot, Timestamp.type: Timestamp}


class _FolderRepository(Repository):
    """python-tuf's repository workflow (``edit``, ``do_snapshot``, ``do_timestamp``) stored as
    files in ``DIR/metadata``; signs with whichever of the loaded keys each role trusts."""

    def __init__(self, repo_dir: Path, signers: dict[str, CryptoSigner], now: datetime):
        self.repo_dir = repo_dir
        self.metadata_dir = repo_dir / "metadata"
        self.signers = signers
        self.now = now
        self.written: list[str] = []

    # storage
    def _path(self, role: str, version: int | None = None) -> Path:
        if role == Timestamp.type:
            return self.metadata_dir / "timestamp.json"
        if version is None:
            version = _latest_versions(self.metadata_dir).get(role, 0)
        return self.metadata_dir / f"{version}.{role}.json"

    def exists(self, role: str) -> bool:
        if role == Timestamp.type:
            return self._path(role).is_file()
        return role in _latest_versions(self.metadata_dir)

    def open(self, role: str) -> Metadata:
        if not self.exists(role):
            md = Metadata(_NEW[role]())
            md.signed.version = 0
            return md
        try:
            return Metadata.from_bytes(self._path(role).read_bytes())
        except Exception as error:  # a damaged file: say which, do not sign over it
            raise PublishingError(
                f"The repository file {self._path(role)} cannot be read ({error})."
            ) from None

    def close(self, role: str, md: Metadata) -> None:
        md.signed.version += 1
        md.signed.expires = (self.now + EXPIRY[role]).replace(microsecond=0)
        md.signatures.clear()
        previous: Root | None = self.root() if role == Root.type and self.exists(role) else None
        if role == Root.type:
            # a new root is signed by the old root keys and by the new ones (so kiosks chain over)
            wanted = set(md.signed.roles[Root.type].keyids)
            if previous is not None:
                wanted |= set(previous.roles[Root.type].keyids)
        else:
            wanted = set(self.root().roles[role].keyids)
        for keyid in sorted(wanted):
            signer = self.signers.get(keyid)
            if signer is not None:
                md.sign(signer, append=True)
        if role == Root.type:
            result = md.signed.get_root_verification_result(
                previous, md.signed_bytes, md.signatures
            )
        else:
            result = self.root().get_verification_result(role, md.signed_bytes, md.signatures)
        if not result:
            raise PublishingError(_missing_keys_message(role, md, previous))
        data = md.to_bytes(_SERIALIZERS[role])
        _write_public(self._path(role, md.signed.version), data)
        if role == Root.type:
            _write_public(self.metadata_dir / "root.json", data)
        self.written.append(role)

    @property
    def targets_infos(self) -> dict[str, MetaFile]:
        return {"targets.json": MetaFile(self.targets().version)}

    @property
    def snapshot_info(self) -> MetaFile:
        return MetaFile(self.snapshot().version)


def _require_keys(repo: _FolderRepository, keys_dir: Path, roles: tuple[str, ...]) -> None:
    """Refuse before anything is written when the key folder cannot sign every role a
    release needs (otherwise a release file or a new targets file would be left behind)."""
    root = repo.root()
    for role in roles:
        trusted = root.roles[role]
        held = sum(1 for keyid in trusted.keyids if keyid in repo.signers)
        if held < trusted.threshold:
            raise PublishingError(
                f"The key folder {keys_dir} lacks the {role} key ({held} of {trusted.threshold} "
                "needed): nothing was published."
            )


def _missing_keys_message(role: str, md: Metadata, previous: Root | None) -> str:
    if role == Root.type:
        threshold = (previous or md.signed).roles[Root.type].threshold
        return (
            f"Signing a new root needs {threshold} of the root keys (root-N.key) in the key "
            "folder, for the old root and for the new one: bring the root keys from their "
            "sticks into the key folder for this command and take them out again afterwards."
        )
    return (
        f"The key for the {role} role ({_key_file_name(role)}) is not in the key folder, or "
        "it is not the key root.json names for that role."
    )


def _open(repo_dir: Path, keys_dir: Path, now: datetime) -> _FolderRepository:
    _check_separate(repo_dir, keys_dir)
    if not (repo_dir / "metadata" / "1.root.json").is_file():
        raise PublishingError(
            f"{repo_dir} is not a content repository (no metadata/1.root.json): "
            "set it up with `kiosk-admin content keys init`."
        )
    loaded = _load_signers(keys_dir)
    return _FolderRepository(repo_dir, {k: s for k, (s, _) in loaded.items()}, _utc(now))


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def _expiries(repo: _FolderRepository) -> dict[str, datetime]:
    return {role: repo.open(role).signed.expires for role in ROLES if repo.exists(role)}


def _versions(repo: _FolderRepository) -> dict[str, int]:
    return {role: repo.open(role).signed.version for role in ROLES if repo.exists(role)}


# -- set-up ------------------------------------------------------------------------------------
def init_keys(
    repo_dir: Path,
    keys_dir: Path,
    *,
    root_threshold: int = 2,
    root_keys: int = 2,
    now: datetime,
) -> dict[str, tuple[Path, ...]]:
    """Create the keys and the first signed metadata (no release yet). Returns the key files by
    role. Refuses to overwrite an existing repository or existing keys."""
    repo_dir, keys_dir = Path(repo_dir), Path(keys_dir)
    if not 1 <= root_threshold <= root_keys:
        raise PublishingError(
            f"The root threshold must be between 1 and the number of root keys ({root_keys})."
        )
    _check_separate(repo_dir, keys_dir)
    if (repo_dir / "metadata").exists() and any((repo_dir / "metadata").iterdir()):
        raise PublishingError(f"{repo_dir}/metadata already holds a repository: not replaced.")
    if _key_files(keys_dir):
        raise PublishingError(f"{keys_dir} already holds keys: not replaced.")
    _prepare_keys_dir(keys_dir)
    generated: dict[str, list[tuple[CryptoSigner, Path]]] = {}
    for role in ROLES:
        count = root_keys if role == Root.type else 1
        generated[role] = [
            (CryptoSigner.generate_ed25519(), keys_dir / _key_file_name(role, i + 1))
            for i in range(count)
        ]
    signers = {s.public_key.keyid: s for pairs in generated.values() for s, _ in pairs}
    repo = _FolderRepository(repo_dir, signers, _utc(now))
    (repo_dir / "targets").mkdir(parents=True, exist_ok=True)
    with repo.edit_root() as root:
        root.consistent_snapshot = True
        for role, pairs in generated.items():
            for signer, _ in pairs:
                root.add_key(signer.public_key, role)
        root.roles[Root.type].threshold = root_threshold
    with repo.edit_targets():
        pass
    repo.do_snapshot()
    repo.do_timestamp()
    # keys are written only once the metadata that names them is there
    for pairs in generated.values():
        for signer, path in pairs:
            _write_private(path, signer)
    return {role: tuple(path for _, path in pairs) for role, pairs in generated.items()}


# -- publishing --------------------------------------------------------------------------------
def published_release(repo_dir: Path) -> TargetFile | None:
    """The release the repository serves now (its signed target entry), if any."""
    metadata_dir = Path(repo_dir) / "metadata"
    version = _latest_versions(metadata_dir).get(Targets.type)
    if version is None:
        return None
    targets = (
        Metadata[Targets].from_bytes((metadata_dir / f"{version}.targets.json").read_bytes()).signed
    )
    return targets.targets.get(RELEASE_TARGET)


def release_version_of(target: TargetFile | None) -> int:
    custom = (target.custom if target is not None else None) or {}
    version = custom.get("version") if isinstance(custom, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else 0


def next_release_version(repo_dir: Path) -> int:
    """The number the next release gets: one more than the last one published here (a number is
    never used twice, so a kiosk can always tell newer from older)."""
    return release_version_of(published_release(repo_dir)) + 1


@dataclass(frozen=True)
class PreparedRelease:
    """A release built from the central database, checked, not yet signed."""

    version: int
    data: bytes
    release: object  # kiosk.content.release.Release
    previous_version: int | None
    diff: object | None  # kiosk.content.release.ContentDiff against the published release


def published_release_bytes(repo_dir: Path) -> bytes | None:
    """The bytes of the release the repository serves now (checked against its signed hash)."""
    target = published_release(repo_dir)
    if target is None:
        return None
    directory, _, name = RELEASE_TARGET.rpartition("/")
    path = Path(repo_dir) / "targets" / directory / f"{target.hashes['sha256']}.{name}"
    data = path.read_bytes()
    target.verify_length_and_hashes(data)
    return data


def prepare_release(conn, repo_dir: Path, *, now: datetime) -> PreparedRelease:
    """Build the next release from ``conn`` (the central database), check it in full and work
    out what changes for the kiosks against the release published now (for ``--dry-run`` and
    the desk editor's Publish preview). Reads only."""
    import sqlite3

    from kiosk.content.release import ReleaseError, build_release, content_diff, parse_release
    from kiosk.content.store import apply_release
    from kiosk.db.connection import foreign_keys_on

    version = next_release_version(repo_dir)
    try:
        data = build_release(conn, version=version, published=_utc(now).replace(microsecond=0))
        release = parse_release(data)
    except ReleaseError as error:
        raise PublishingError(
            f"The central database does not make a valid release: {error}"
        ) from None
    previous = published_release_bytes(repo_dir)
    diff = None
    if previous is not None:
        # the kiosks' view: the published release applied to a scratch copy, against the new one
        scratch = sqlite3.connect(":memory:", isolation_level=None)
        try:
            conn.backup(scratch)
            foreign_keys_on(scratch)
            apply_release(scratch, previous, now=_utc(now), source="published")
            diff = content_diff(scratch, release)
        finally:
            scratch.close()
    return PreparedRelease(
        version=version,
        data=data,
        release=release,
        previous_version=version - 1 if previous is not None else None,
        diff=diff,
    )


def publish(
    repo_dir: Path, keys_dir: Path, data: bytes, *, version: int, now: datetime
) -> PublishResult:
    """Check the release bytes in full (the same check a kiosk makes before applying them) and
    make them the repository's one target, signed by targets, snapshot and timestamp."""
    from kiosk.content.release import ReleaseError, parse_release

    try:
        release = parse_release(data)
    except ReleaseError as error:
        raise PublishingError(f"The release is not valid and was not published: {error}") from None
    own = getattr(release, "version", version)
    if own != version:
        raise PublishingError(
            f"The release says it is version {own}, but was to be published as {version}."
        )
    return _add_release(repo_dir, keys_dir, data, version=version, now=now)


def _add_release(
    repo_dir: Path, keys_dir: Path, data: bytes, *, version: int, now: datetime
) -> PublishResult:
    """Sign ``data`` as the current release without looking inside (``publish`` checks first)."""
    repo_dir, keys_dir = Path(repo_dir), Path(keys_dir)
    repo = _open(repo_dir, keys_dir, now)
    _require_keys(repo, keys_dir, (Targets.type, Snapshot.type, Timestamp.type))
    if len(data) > MAX_RELEASE_BYTES:
        raise PublishingError(f"The release is larger than {MAX_RELEASE_BYTES} bytes.")
    last = release_version_of(published_release(repo_dir))
    if version <= last:
        raise PublishingError(
            f"Release version {version} is not newer than the published version {last}: "
            f"the next release is version {last + 1}."
        )
    target = TargetFile.from_data(RELEASE_TARGET, data, ["sha256"])
    target.unrecognized_fields["custom"] = {
        "version": version,
        "published": _utc(now).replace(microsecond=0).isoformat(),
    }
    digest = target.hashes["sha256"]
    directory, _, name = RELEASE_TARGET.rpartition("/")
    target_file = repo_dir / "targets" / directory / f"{digest}.{name}"
    _write_public(target_file, data)  # before any metadata names it
    with repo.edit_targets() as targets:
        targets.targets = {RELEASE_TARGET: target}
    repo.do_snapshot()
    repo.do_timestamp()
    return PublishResult(
        version=version,
        target_file=target_file,
        length=len(data),
        sha256=digest,
        metadata_versions=_versions(repo),
        expires=_expiries(repo),
    )


def refresh(repo_dir: Path, keys_dir: Path, *, now: datetime) -> RefreshResult:
    """Re-sign what is about to expire (timestamp; snapshot and targets when near their expiry,
    if their keys are here). Run by a timer; changes nothing when nothing is due."""
    repo = _open(Path(repo_dir), Path(keys_dir), now)
    now = repo.now
    resigned: list[str] = []
    warnings: list[str] = []
    due = {
        role: repo.open(role).signed.expires - now <= RESIGN_BEFORE[role] for role in ONLINE_ROLES
    }
    root_keyids = repo.root().roles
    for role in (Targets.type, Snapshot.type):
        if not due[role]:
            continue
        if not set(root_keyids[role].keyids) & set(repo.signers):
            warnings.append(
                f"{role} expires {repo.open(role).signed.expires:%Y-%m-%d %H:%M} UTC but its key "
                f"({_key_file_name(role)}) is not in the key folder: re-sign it where it is."
            )
            continue
        if role == Targets.type:
            with repo.edit_targets():
                pass
        else:
            repo.do_snapshot(force=True)
    if Targets.type in repo.written:
        repo.do_snapshot()
    if repo.written or due[Timestamp.type]:
        repo.do_timestamp(force=True)
    resigned = [r for r in ONLINE_ROLES if r in repo.written]
    root_expires = repo.root().expires
    if root_expires - now <= ROOT_WARN_BEFORE:
        warnings.append(
            f"root.json expires {root_expires:%Y-%m-%d} UTC: renew it with the root keys "
            "(`kiosk-admin content keys renew-root`) before then, or kiosks stop taking releases."
        )
    return RefreshResult(tuple(resigned), _expiries(repo), tuple(warnings))


# -- keys: rotation and renewal ---------------------------------------------------------------
def rotate(repo_dir: Path, keys_dir: Path, role: str, *, now: datetime) -> RotateResult:
    """Replace a role's key(s) with new ones. Root changes with every rotation, so the root keys
    (threshold) must be in the key folder; the new root is signed by the old and the new root
    keys, which lets kiosks chain over from the root they trust. The replaced key files are
    removed (a rotated key is one that is not to be trusted again)."""
    if role not in ROLES:
        raise PublishingError(f"Unknown role {role!r}: one of {', '.join(ROLES)}.")
    repo_dir, keys_dir = Path(repo_dir), Path(keys_dir)
    repo = _open(repo_dir, keys_dir, now)
    loaded = _load_signers(keys_dir)
    old_keyids = tuple(repo.root().roles[role].keyids)
    count = len(old_keyids)
    new_signers = [CryptoSigner.generate_ed25519() for _ in range(count)]
    final_paths = [keys_dir / _key_file_name(role, i + 1) for i in range(count)]
    pending = [p.with_name(p.name + ".new") for p in final_paths]
    for path in pending:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    for signer, path in zip(new_signers, pending, strict=True):
        _write_private(path, signer)
    try:
        for signer in new_signers:
            repo.signers[signer.public_key.keyid] = signer
        with repo.edit_root() as root:
            root.roles[role].keyids = []
            for signer in new_signers:
                root.add_key(signer.public_key, role)
            for keyid in old_keyids:
                _drop_unused_key(root, keyid)
        if role == Targets.type:
            with repo.edit_targets():
                pass
            repo.do_snapshot()
        elif role == Snapshot.type:
            repo.do_snapshot(force=True)
        repo.do_timestamp(force=True)
    except BaseException:
        for path in pending:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        raise
    for keyid in old_keyids:
        old = loaded.get(keyid)
        if old is not None and old[1] not in final_paths:
            old[1].unlink()
    for src, dst in zip(pending, final_paths, strict=True):
        os.replace(src, dst)
    return RotateResult(
        role=role,
        old_keyids=old_keyids,
        new_keyids=tuple(s.public_key.keyid for s in new_signers),
        root_version=repo.root().version,
        key_files=tuple(final_paths),
    )


def _drop_unused_key(root: Root, keyid: str) -> None:
    if keyid in root.keys and not any(keyid in r.keyids for r in root.roles.values()):
        del root.keys[keyid]


def renew_root(repo_dir: Path, keys_dir: Path, *, now: datetime) -> int:
    """A new root version with the same keys and a fresh year (needs the root keys). Returns
    the new root version."""
    repo = _open(Path(repo_dir), Path(keys_dir), now)
    with repo.edit_root():
        pass
    return repo.root().version


# -- status ------------------------------------------------------------------------------------
def repository_status(repo_dir: Path, keys_dir: Path | None = None) -> RepositoryStatus:
    repo_dir = Path(repo_dir)
    if not (repo_dir / "metadata" / "1.root.json").is_file():
        raise PublishingError(f"{repo_dir} is not a content repository (no metadata/1.root.json).")
    repo = _FolderRepository(repo_dir, {}, datetime.now(UTC))
    root = repo.root()
    target = published_release(repo_dir)
    files: dict[str, tuple[Path, ...]] = {}
    if keys_dir is not None:
        loaded = _load_signers(Path(keys_dir))
        for role in ROLES:
            ids = set(root.roles[role].keyids)
            files[role] = tuple(p for k, (_, p) in loaded.items() if k in ids)
    return RepositoryStatus(
        release_version=release_version_of(target) or None,
        release_sha256=target.hashes.get("sha256") if target is not None else None,
        metadata_versions=_versions(repo),
        expires=_expiries(repo),
        root_threshold=root.roles[Root.type].threshold,
        root_keys=len(root.roles[Root.type].keyids),
        key_files=files,
    )


def trusted_root(repo_dir: Path) -> bytes:
    """``metadata/1.root.json``: the file every kiosk is enrolled with (it chains to newer roots
    itself)."""
    return (Path(repo_dir) / "metadata" / "1.root.json").read_bytes()
