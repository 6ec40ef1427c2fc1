"""Property test: a mutated scenario gives a clean ScenarioError or loads, never a crash.

Mutations of the real files: drop a key, swap a value for one of another type, break a
reference (rename an id), duplicate a list item, or truncate the text anywhere. Whatever
comes out, :func:`scenario.load` must either return a scenario or raise ScenarioError
whose every problem has a position and a message.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from scenario import ScenarioError, load

MINI = Path("tests/data/mini")
KURSK = Path("scenarios")

OTHER_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6),
                         st.floats(allow_nan=False, allow_infinity=False),
                         st.text(max_size=8), st.lists(st.integers(), max_size=2),
                         st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))

_yaml = YAML(typ="safe", pure=True)


def read(path: Path) -> Any:
    return _yaml.load(path.read_text(encoding="utf-8"))


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml.dump(data, out)
    return out.getvalue()


def pick_path(draw: st.DrawFn, data: Any) -> list[Any]:
    """A path to some node of *data*, chosen by Hypothesis."""
    path: list[Any] = []
    node = data
    while isinstance(node, dict | list) and node and draw(st.integers(0, 3)) > 0:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        path.append(key)
        node = node[key]
    return path


def mutate(draw: st.DrawFn, data: Any) -> Any:
    path = pick_path(draw, data)
    if not path:
        return draw(OTHER_VALUES)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    action = draw(st.sampled_from(["drop", "swap", "rename", "duplicate"]))
    if action == "drop":
        del parent[last]
    elif action == "swap":
        parent[last] = draw(OTHER_VALUES)
    elif action == "rename" and isinstance(parent[last], str):
        parent[last] = parent[last] + draw(st.text("xyz_", min_size=1, max_size=3))
    elif isinstance(parent, list):
        parent.insert(last, parent[last])
    return data


def check(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    try:
        load(folder / name)
    except ScenarioError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message
            assert problem.position is None or problem.position.line >= 1


def setup(tmp: Path, source: Path) -> None:
    for item in source.iterdir():
        if item.is_dir():
            shutil.copytree(item, tmp / item.name, dirs_exist_ok=True)
        elif item.suffix == ".yaml":
            shutil.copy(item, tmp / item.name)


def runs(n: int) -> settings:
    """Hypothesis settings for *n* examples of a slow, file-writing test."""
    return settings(max_examples=n, deadline=None, suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@runs(100)
@given(data=st.data())
def test_mutated_made_up_scenario(tmp_path_factory: Any, data: st.DataObject) -> None:
    mutate_and_check(tmp_path_factory.mktemp("mini"), MINI, "mini.yaml", data)


@runs(20)
@given(data=st.data())
def test_mutated_kursk_scenario(tmp_path_factory: Any, data: st.DataObject) -> None:
    mutate_and_check(tmp_path_factory.mktemp("kursk"), KURSK, "kursk_2024.yaml", data)


def mutate_and_check(folder: Path, source: Path, name: str, data: st.DataObject) -> None:
    """Copy *source* into *folder*, mutate its scenario *name*, and check the loader's answer."""
    setup(folder, source)
    check(folder, name, dump(mutate(data.draw, read(source / name))))


@runs(60)
@given(cut=st.floats(0.0, 1.0), which=st.sampled_from(["mini", "rules"]))
def test_truncated_files(tmp_path_factory: Any, cut: float, which: str) -> None:
    folder = tmp_path_factory.mktemp("cut")
    setup(folder, MINI)
    name = "mini.yaml" if which == "mini" else "rules.yaml"
    text = (MINI / name).read_text(encoding="utf-8")
    (folder / name).write_text(text[: int(len(text) * cut)], encoding="utf-8")
    check(folder, "mini.yaml", (folder / "mini.yaml").read_text(encoding="utf-8"))
