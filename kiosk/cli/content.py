"""``kiosk-admin content``: central content releases over TUF, published and followed.

Publishing side (the central office; ``--db`` is the central database)::

    content keys init   --repo DIR --keys KEYDIR [--root-threshold N] [--root-keys N]
    content keys rotate --repo DIR --keys KEYDIR --role root|targets|snapshot|timestamp
    content keys renew-root --repo DIR --keys KEYDIR
    content publish --repo DIR --keys KEYDIR [--dry-run]
    content refresh --repo DIR --keys KEYDIR          (run by a timer)

Kiosk side (``--db`` is the kiosk's database)::

    content enrol --url URL --root ROOT.json [--state DIR]   (or --leave)
    content follow --url URL --root ROOT.json [--state DIR] --once [--check-only]
    content status [--repo DIR]
    content rollback

Exit codes: 0 done (``follow``: applied or already current), 1 refused or a data problem (the
reason on stderr), 2 usage. Private keys are never printed; only their file names are.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from kiosk.admin.access import utc_now
from kiosk.cli.common import EXIT_DATA, EXIT_OK, UsageError, opened
from kiosk.content import publishing
from kiosk.content.publishing import PublishingError


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def _fail(error: object) -> int:
    print(f"kiosk-admin: {error}", file=sys.stderr)
    return EXIT_DATA


def _print_expiry(expires: dict[str, datetime]) -> None:
    for role in publishing.ROLES:
        if role in expires:
            print(f"  {role:<9} signed until {_when(expires[role])}")


# -- keys ----------------------------------------------------------------------------------
def _keys_init(args: argparse.Namespace) -> int:
    try:
        files = publishing.init_keys(
            args.repo,
            args.keys,
            root_threshold=args.root_threshold,
            root_keys=args.root_keys or max(args.root_threshold, 2),
            now=utc_now(),
        )
    except PublishingError as error:
        return _fail(error)
    print(f"Content repository set up in {args.repo} (no release yet).")
    print(f"Keys in {args.keys} (folder 0700, files 0600):")
    for role, paths in files.items():
        for path in paths:
            print(f"  {role:<9} {path}")
    root_files = files[publishing.ROLES[0]]
    print(
        f"Root needs {args.root_threshold} of {len(root_files)} root keys. Move "
        + ", ".join(p.name for p in root_files)
        + " to separate USB sticks now and delete them here; they are needed only to rotate "
        "keys or renew root."
    )
    print(f"Enrol each kiosk with {Path(args.repo) / 'metadata' / '1.root.json'}.")
    return EXIT_OK


def _keys_rotate(args: argparse.Namespace) -> int:
    try:
        result = publishing.rotate(args.repo, args.keys, args.role, now=utc_now())
    except PublishingError as error:
        return _fail(error)
    print(
        f"New {result.role} key{'s' if len(result.key_files) > 1 else ''} in "
        + ", ".join(str(p) for p in result.key_files)
        + f"; root is now version {result.root_version}, signed by the old and the new root "
        "keys, so kiosks chain over on their next check."
    )
    if result.role == "root":
        print("Move the new root key files to their USB sticks and delete them here.")
    return EXIT_OK


def _keys_renew_root(args: argparse.Namespace) -> int:
    try:
        version = publishing.renew_root(args.repo, args.keys, now=utc_now())
    except PublishingError as error:
        return _fail(error)
    until = _when(utc_now() + publishing.ROOT_EXPIRY)
    print(f"Root renewed: version {version}, signed until {until}.")
    return EXIT_OK


# -- publish and refresh -------------------------------------------------------------------
def _publish(args: argparse.Namespace) -> int:
    now = utc_now()
    try:
        with opened(args) as conn:
            prepared = publishing.prepare_release(conn, args.repo, now=now)
    except PublishingError as error:
        return _fail(error)
    release = prepared.release
    print(
        f"Release {prepared.version}: {len(release.offers)} offers, {len(release.languages)} "
        f"languages, {len(prepared.data)} bytes."
    )
    if prepared.diff is None:
        print("  first release of this repository")
    else:
        print(f"  changes for the kiosks against release {prepared.previous_version}:")
        for line in prepared.diff.lines():
            print(f"    {line}")
    if args.dry_run:
        print("Dry run: nothing signed or published.")
        return EXIT_OK
    if prepared.diff is not None and prepared.diff.empty and not args.force:
        print("Nothing changed since the published release: not published (--force to anyway).")
        return EXIT_OK
    try:
        result = publishing.publish(
            args.repo, args.keys, prepared.data, version=prepared.version, now=now
        )
    except PublishingError as error:
        return _fail(error)
    print(f"Published release {result.version} as {result.target_file}.")
    _print_expiry(result.expires)
    return EXIT_OK


def _refresh(args: argparse.Namespace) -> int:
    try:
        result = publishing.refresh(args.repo, args.keys, now=utc_now())
    except PublishingError as error:
        return _fail(error)
    print("Re-signed: " + (", ".join(result.resigned) if result.resigned else "nothing was due"))
    _print_expiry(result.expires)
    for warning in result.warnings:
        print(f"kiosk-admin: warning: {warning}", file=sys.stderr)
    return EXIT_OK


# -- kiosk side ----------------------------------------------------------------------------
def _state_dir(args: argparse.Namespace) -> Path:
    return Path(args.state) if args.state else Path(args.db).resolve().parent / "content"


def _follow(args: argparse.Namespace) -> int:
    from kiosk.content.follow import APPLIED, AVAILABLE, CURRENT, follow_once

    if not args.url.startswith(("http://", "https://")):
        raise UsageError(f"--url must be an http:// or https:// address, not {args.url!r}.")
    if not Path(args.root).is_file():
        raise UsageError(f"--root {args.root}: no such file (the kiosk's trusted root.json).")
    with opened(args) as conn:
        result = follow_once(
            conn,
            args.url,
            Path(args.root),
            _state_dir(args),
            now=utc_now(),
            apply=not args.check_only,
        )
    if result.status == APPLIED:
        print(f"Applied release {result.version}.")
        return EXIT_OK
    if result.status == CURRENT:
        print(f"Release {result.version} is current; nothing to do.")
        return EXIT_OK
    if result.status == AVAILABLE:
        print(f"Release {result.version} is available (checked in full, not applied).")
        return EXIT_OK
    print(f"kiosk-admin: refused: {result.reason}", file=sys.stderr)
    return EXIT_DATA


def _enrol(args: argparse.Namespace) -> int:
    from kiosk.content.follow import enrol_kiosk
    from kiosk.content.store import set_managed

    with opened(args) as conn:
        if args.leave:
            set_managed(conn, None, now=utc_now())
            print("The kiosk no longer follows a content server; content is edited here again.")
            return EXIT_OK
        if not args.url or not args.root:
            raise UsageError("content enrol needs --url and --root (or --leave).")
        try:
            data = Path(args.root).read_bytes()
        except OSError as error:
            raise UsageError(f"--root {args.root}: {error.strerror}") from None
        try:
            kept = enrol_kiosk(conn, args.url, data, _state_dir(args), now=utc_now())
        except ValueError as error:
            return _fail(f"{args.root}: {error}")
    print(f"The kiosk follows {args.url}; trusted root kept in {kept}.")
    print("Content editing in staff mode is now off on this kiosk.")
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from kiosk.content.store import current_release, is_managed, last_check

    with opened(args) as conn:
        current = current_release(conn)
        check = last_check(conn)
        managed = is_managed(conn)
    if current is None:
        print("Content: local (no central release applied).")
    elif not current.version:
        print("Content: local (staff rolled back to the content from before the first release).")
    else:
        print(f"Content: release {current.version}" + _describe_info(current))
    print(f"Managed centrally: {'yes' if managed else 'no'}")
    if check is None:
        print("Last check: never")
    else:
        print(f"Last check: {_when(check.last_attempt)}, {'ok' if check.ok else 'FAILED'}")
        if check.message:
            print(f"  {check.message}")
        if not check.ok:
            print(f"  last successful check: {_when(check.last_success)}")
        if check.expires is not None:
            state = "EXPIRED since" if check.expired(utc_now()) else "valid until"
            print(f"  signed content information {state} {_when(check.expires)}")
    if args.repo:
        try:
            repo = publishing.repository_status(args.repo)
        except PublishingError as error:
            return _fail(error)
        print(f"Repository {args.repo}: release {repo.release_version or '—'}")
        _print_expiry(repo.expires)
    return EXIT_OK


def _describe_info(info: object) -> str:
    parts = []
    for name, label in (("published", "published"), ("applied_at", "applied"), ("source", "from")):
        value = getattr(info, name, None)
        if value:
            parts.append(f"{label} {_when(value) if isinstance(value, datetime) else value}")
    return f" ({', '.join(parts)})" if parts else ""


def _rollback(args: argparse.Namespace) -> int:
    from kiosk.content.release import ReleaseError
    from kiosk.content.store import current_release, rollback_release

    with opened(args) as conn:
        try:
            rollback_release(conn, now=utc_now())
        except ReleaseError as error:
            return _fail(error)
        current = current_release(conn)
    version = (
        "its own local content"
        if not current or not current.version
        else (f"release {current.version}")
    )
    print(f"Rolled back: the kiosk shows {version} again.")
    return EXIT_OK


# -- parser --------------------------------------------------------------------------------
def _repo_keys(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", type=Path, required=True, help="the repository folder (served)")
    parser.add_argument(
        "--keys", type=Path, required=True, help="the private key folder (never inside --repo)"
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    content = sub.add_parser(
        "content", help="central content releases (TUF): keys, publish, refresh, follow"
    )
    commands = content.add_subparsers(dest="content_command", required=True)

    keys = commands.add_parser("keys", help="set up or rotate the repository's signing keys")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    init = key_commands.add_parser("init", help="create the keys and an empty repository")
    _repo_keys(init)
    init.add_argument("--root-threshold", type=_positive, default=2, help="default 2")
    init.add_argument(
        "--root-keys", type=_positive, default=None, help="default: the threshold, at least 2"
    )
    init.set_defaults(func=_keys_init, uses_db=False)
    rotate = key_commands.add_parser("rotate", help="replace a role's key (needs the root keys)")
    _repo_keys(rotate)
    rotate.add_argument("--role", required=True, choices=publishing.ROLES)
    rotate.set_defaults(func=_keys_rotate, uses_db=False)
    renew = key_commands.add_parser("renew-root", help="sign root for another year (root keys)")
    _repo_keys(renew)
    renew.set_defaults(func=_keys_renew_root, uses_db=False)

    publish = commands.add_parser(
        "publish", help="build a release from the central database (--db) and sign it"
    )
    _repo_keys(publish)
    publish.add_argument(
        "--dry-run", action="store_true", help="show what changes for the kiosks, sign nothing"
    )
    publish.add_argument("--force", action="store_true", help="publish even if nothing changed")
    publish.set_defaults(func=_publish)

    refresh = commands.add_parser("refresh", help="re-sign what is about to expire (timer)")
    _repo_keys(refresh)
    refresh.set_defaults(func=_refresh, uses_db=False)

    follow = commands.add_parser("follow", help="check the content server once and apply")
    follow.add_argument("--url", required=True, help="the repository's address (http[s]://…)")
    follow.add_argument("--root", required=True, help="the trusted root.json from enrolment")
    follow.add_argument(
        "--state", default=None, help="the follower's folder (default: content/ next to --db)"
    )
    follow.add_argument("--once", action="store_true", required=True, help="one check, then exit")
    follow.add_argument(
        "--check-only",
        action="store_true",
        help="fetch and check a new release in full, but do not apply it (the kiosk applies "
        "it at its next start screen)",
    )
    follow.set_defaults(func=_follow, writes=True)

    enrol = commands.add_parser(
        "enrol", help="make this kiosk follow a content server (or --leave)"
    )
    enrol.add_argument("--url", default=None, help="the repository's address (http[s]://…)")
    enrol.add_argument("--root", default=None, help="the repository's 1.root.json")
    enrol.add_argument("--state", default=None, help="the follower's folder")
    enrol.add_argument("--leave", action="store_true", help="stop following; edit locally")
    enrol.set_defaults(func=_enrol, writes=True)

    status = commands.add_parser("status", help="current release, last check, expiry")
    status.add_argument("--repo", type=Path, default=None, help="also show a repository")
    status.set_defaults(func=_status)

    rollback = commands.add_parser("rollback", help="go back to the previous release")
    rollback.set_defaults(func=_rollback, writes=True)
