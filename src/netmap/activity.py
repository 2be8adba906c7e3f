"""The activity log (操作ログ): who changed what, when — imports, records removed by a
sync, wipes, release builds and replacements, tokens created and revoked, review links
created and revoked, proposals submitted, approved and rejected.

Not the disclosure audit (:mod:`netmap.disclosure.audit`, which proves a release's
protection): this log answers "who imported on Tuesday, and what did it change".

* one JSON object per line in ``NETMAP_DATA_DIR/activity.log`` (0600), appended with
  ``O_APPEND`` in one write under an exclusive ``flock``, so several processes on one data
  directory (the API server and the CLI) never interleave or lose a line; netmap never
  rewrites or truncates it (rotate it with the operating system's tools, see
  docs/operations.md);
* fields: ``at`` (UTC, seconds), ``action``, ``actor`` (``token:<name>`` from the API,
  ``user:<OS user>`` from the CLI) and counts or names (areas, releases, files,
  token names);
* never a resident id or pseudonym: a value that looks like one is refused before it is
  written (the line is written with ``[withheld]``), like the structured logs.

>>> import tempfile, pathlib
>>> from netmap.config import Settings
>>> s = Settings(data_dir=pathlib.Path(tempfile.mkdtemp()))
>>> record(s, "token.create", actor="user:clerk", token="区役所", role="viewer")["action"]
'token.create'
>>> [e["token"] for e in read(s)]
['区役所']
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import logging
import os
from pathlib import Path
from typing import Any

from netmap.config import Settings
from netmap.logs import event, withheld
from netmap.private_files import open_private

__all__ = ["ACTIONS", "LOG_FILE", "cli_actor", "log_path", "read", "record", "token_actor"]

LOG_FILE = "activity.log"

#: every action the log knows, with its Japanese label (``netmap log`` shows both)
ACTIONS: dict[str, str] = {
    "import": "取込",
    "sync.remove": "同期による削除",
    "wipe": "全データ削除",
    "release.build": "公表データ作成",
    "release.replace": "公表データ差し替え",
    "token.create": "トークン発行",
    "token.revoke": "トークン失効",
    "upkeep.invite": "確認用リンク発行",
    "upkeep.revoke": "確認用リンク失効",
    "upkeep.submit": "更新の提案",
    "upkeep.approve": "更新の承認",
    "upkeep.reject": "更新の却下",
}

_log = logging.getLogger(__name__)


def log_path(where: Settings | Path) -> Path:
    """The log of a data directory (given as settings or as the directory)."""
    data_dir = where.data_dir if isinstance(where, Settings) else where
    return Path(data_dir) / LOG_FILE


def cli_actor() -> str:
    """The actor of a command run on this machine: its OS user."""
    try:
        return f"user:{getpass.getuser()}"
    except (OSError, KeyError):
        return f"uid:{os.getuid()}"


def token_actor(name: str | None, token_id: str | int | None = None) -> str:
    """The actor of an API call: the token's name (or id when it has none)."""
    return f"token:{name or token_id or '?'}"


def _clean(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, dict):
        return {str(withheld(k)): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return withheld(str(value))


def record(
    where: Settings | Path, action: str, *, actor: str | None = None, **details: Any
) -> dict[str, Any]:
    """Append one entry to the log of ``where`` (settings or a data directory) and return
    it. ``details``: counts, names, ids of areas and releases (never a resident's)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown activity {action!r}")
    entry: dict[str, Any] = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "action": action,
        "actor": withheld(actor or cli_actor()),
    }
    entry.update({k: _clean(v) for k, v in details.items()})
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
    fd = open_private(log_path(where), os.O_WRONLY | os.O_APPEND)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
    finally:
        os.close(fd)  # closing releases the lock
    event(_log, f"activity.{action}", **{k: v for k, v in entry.items() if k != "action"})
    return entry


def read(
    where: Settings | Path,
    *,
    since: dt.date | None = None,
    action: str | None = None,
) -> list[dict[str, Any]]:
    """The entries, oldest first, optionally from a date (UTC) or of one action
    (``token`` matches ``token.create`` and ``token.revoke``). A line that is not JSON
    (a torn write after a crash) is skipped."""
    path = log_path(where)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    out: list[dict[str, Any]] = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict):
            continue
        act = str(entry.get("action", ""))
        if action and act != action and not act.startswith(action + "."):
            continue
        if since and str(entry.get("at", ""))[:10] < since.isoformat():
            continue
        out.append(entry)
    return out
