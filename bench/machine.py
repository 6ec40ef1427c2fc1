"""Where and on what a run was made: machine, Python, commit; and writing JSON atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
"""The project root (the folder holding engine/, scenario/ and bench/)."""


def now_iso() -> str:
    """The date and time now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def load_average() -> list[float] | None:
    """The 1, 5 and 15-minute load averages (other work on the machine skews a run)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine() -> dict[str, Any]:
    """The machine and software the figures were measured on."""
    return {
        "cpus": os.cpu_count(),
        "cpus_available": _available_cpus(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "platform": platform.platform(),
        "simpy": _version("simpy"),
        "networkx": _version("networkx"),
        "pydantic": _version("pydantic"),
    }


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                             timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout


MEASURED = ("engine", "scenario", "scenarios")
"""The folders whose code and data the figures measure."""


def git() -> dict[str, Any]:
    """The commit measured, and the files of :data:`MEASURED` that differ from it."""
    status = _git("status", "--porcelain", "--untracked-files=all", "--", *MEASURED)
    changed = None if status is None else [line[3:] for line in status.splitlines()]

    def one(*args: str) -> str | None:
        out = _git(*args)
        return None if out is None else out.strip()

    return {
        "commit": one("rev-parse", "HEAD"),
        "branch": one("rev-parse", "--abbrev-ref", "HEAD"),
        "subject": one("log", "-1", "--format=%s"),
        "uncommitted": changed,
    }


INPUTS = ("scenarios/kursk_2024.yaml", "scenarios/rules/default.yaml")
"""The files the Kursk figures and the grids (which copy the default rules) depend on."""


def inputs() -> dict[str, str | None]:
    """The SHA-256 of each of :data:`INPUTS`: two runs compare like with like only if equal."""
    out: dict[str, str | None] = {}
    for name in INPUTS:
        try:
            out[name] = hashlib.sha256((ROOT / name).read_bytes()).hexdigest()
        except OSError:
            out[name] = None
    return out


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write *data* to *path* atomically: a temporary file beside it, synced, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in *path*, or None if there is no such file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a results file (a JSON object)")
    return data
