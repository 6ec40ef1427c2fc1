"""Hostile inputs: paths that are not regular files, bad names, and files built to hurt.

Every case must end as one clean ScenarioError naming the file (and, through the command
line, exit code 2 with no traceback), quickly: nothing here may hang or eat memory.
Device nodes are made in the test's own folder, never the machine's /dev.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scenario import load
from scenario.errors import ScenarioError
from scenario.inputs import read_input
from scenario.yamlfile import MAX_DEPTH, MAX_NODES, NodeBudget, parse, read_document
from tui.cli import main

MINI = Path("tests/data/mini/mini.yaml")


def refusal(path: Path | str, display: str = "f.yaml") -> str:
    with pytest.raises(ScenarioError) as info:
        read_document(Path(path), display)
    assert len(info.value.problems) == 1
    return str(info.value)


def cli_refuses(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def device(tmp_path: Path, name: str, major: int, minor: int) -> Path:
    path = tmp_path / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


# -- paths that are not regular files -----------------------------------------------------


def test_a_fifo_with_no_writer_is_refused_at_once(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert "is a FIFO (named pipe), not a regular file" in cli_refuses(fifo, capsys)


def test_an_endless_device_is_refused_unread(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    zero = device(tmp_path, "zero", 1, 5)
    assert "is a character device, not a regular file" in cli_refuses(zero, capsys)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert "is a folder, not a file" in refusal(tmp_path)


def test_a_symlink_loop_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert "symlink loop" in cli_refuses(tmp_path / "a.yaml", capsys)


def test_a_symlink_to_a_scenario_is_read_through(tmp_path: Path) -> None:
    link = tmp_path / "kursk.yaml"
    link.symlink_to(MINI.resolve())
    assert load(link).metadata.title


def test_bad_names_are_refused_cleanly(tmp_path: Path) -> None:
    assert "holds a NUL byte" in refusal(str(tmp_path / "a\0b.yaml"))
    assert "longer than this system allows" in refusal(tmp_path / ("x" * 300 + ".yaml"))
    assert "no such file" in refusal(tmp_path / "missing.yaml")


def test_the_byte_limit_holds_whatever_the_size_says() -> None:
    # /proc files report a size of 0 and still hold text: only a hard limit stops the read.
    with pytest.raises(ScenarioError, match="holds more than 10 bytes"):
        read_input(Path("/proc/self/status"), "status", limit=10)


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    at_limit = tmp_path / "a.yaml"
    at_limit.write_bytes(b"a: 1\n" + b"#" * 95)
    assert len(read_input(at_limit, "a.yaml", limit=100)) == 100
    at_limit.write_bytes(b"a: 1\n" + b"#" * 96)
    with pytest.raises(ScenarioError, match="101 bytes; the limit is 100"):
        read_input(at_limit, "a.yaml", limit=100)


# -- includes -------------------------------------------------------------------------------


def scenario_including(tmp_path: Path, *names: str) -> Path:
    top = tmp_path / "s.yaml"
    top.write_text(f"include: [{', '.join(names)}]\n", encoding="utf-8")
    return top


def include_problem(top: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load(top)
    return str(info.value)


def test_an_include_that_is_a_folder_or_fifo_says_so(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    for name in ("rules", "pipe.yaml"):
        message = include_problem(scenario_including(tmp_path, name))
        assert f"include '{name}' is not a regular file" in message


def test_an_include_loop_or_bad_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").symlink_to(tmp_path / "y.yaml")
    (tmp_path / "y.yaml").symlink_to(tmp_path / "x.yaml")
    assert "cannot be followed" in include_problem(scenario_including(tmp_path, "x.yaml"))
    top = tmp_path / "s.yaml"
    top.write_text('include: ["a\\0b.yaml"]\n', encoding="utf-8")
    assert "is not a file name" in include_problem(top)
    assert "file name too long" in include_problem(scenario_including(tmp_path, "n" * 300))


def test_a_cycle_is_reported_with_its_chain(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("include: [b.yaml]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("include: [a.yaml]\n", encoding="utf-8")
    message = include_problem(scenario_including(tmp_path, "a.yaml"))
    assert "include cycle: " in message and "s.yaml -> a.yaml -> b.yaml -> a.yaml" in message


def test_a_chain_of_a_thousand_includes_stops_at_the_limit(tmp_path: Path) -> None:
    for i in range(1000):
        (tmp_path / f"r{i}.yaml").write_text(f"include: [r{i + 1}.yaml]\n", encoding="utf-8")
    message = include_problem(scenario_including(tmp_path, "r0.yaml"))
    assert "includes nest more than 8 files deep: " in message
    assert "r0.yaml -> r1.yaml" in message


def test_a_diamond_is_read_once_at_its_first_place(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from scenario import includes

    (tmp_path / "c.yaml").write_text("rules: {x: from_c, z: c}\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("include: [c.yaml]\nrules: {x: from_a}\n",
                                     encoding="utf-8")
    top = scenario_including(tmp_path, "a.yaml", "c.yaml", "c.yaml", "./c.yaml")
    reads: list[str] = []

    def counting(path: Path, display: str, budget: NodeBudget | None = None) -> object:
        reads.append(display)
        return read_document(path, display, budget)

    monkeypatch.setattr(includes, "read_document", counting)
    doc = includes.read_tree(top, "s.yaml")
    assert sorted(reads) == ["a.yaml", "c.yaml", "s.yaml"]
    assert doc.data["rules"] == {"x": "from_a", "z": "c"}  # c merged once, beneath a


def test_three_thousand_copies_of_one_include_read_it_once(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("rules: {x: 1}\n", encoding="utf-8")
    top = scenario_including(tmp_path, *["r.yaml"] * 3000)
    from scenario.includes import read_tree

    assert read_tree(top, "s.yaml").data["rules"] == {"x": 1}


def test_a_wide_tree_of_includes_runs_out_of_files(tmp_path: Path) -> None:
    for i in range(70):
        (tmp_path / f"r{i}.yaml").write_text(f"rules: {{r{i}: 1}}\n", encoding="utf-8")
    top = scenario_including(tmp_path, *[f"r{i}.yaml" for i in range(70)])
    assert "more than 64 files are included in all" in include_problem(top)


def test_ten_levels_of_ten_includes_each_file_read_once(tmp_path: Path) -> None:
    for level in range(6):
        below = [f"l{level + 1}_{j}.yaml" for j in range(10)] if level < 5 else []
        for j in range(10):
            text = f"include: [{', '.join(below)}]\n" if below else "rules: {}\n"
            (tmp_path / f"l{level}_{j}.yaml").write_text(text, encoding="utf-8")
    top = scenario_including(tmp_path, *[f"l0_{j}.yaml" for j in range(10)])
    from scenario.includes import read_tree

    assert read_tree(top, "s.yaml").data["rules"] == {}  # 61 files, each read once


# -- files built to hurt the reader ----------------------------------------------------------


def parse_refusal(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        parse(text, "f.yaml", NodeBudget())
    return str(info.value)


def test_deep_nesting_is_refused_while_reading() -> None:
    two_kb = "[" * 490 + "]" * 490
    assert f"more than {MAX_DEPTH} levels deep" in parse_refusal(two_kb)
    mappings = "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v\n"
    assert f"more than {MAX_DEPTH} levels deep" in parse_refusal(mappings)


def test_an_alias_may_not_nest_past_the_limit() -> None:
    deep = "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2)
    assert parse(f"a: &d {deep}\n", "f.yaml", NodeBudget()).data["a"]
    assert f"more than {MAX_DEPTH} levels deep" in parse_refusal(
        f"a: &d {deep}\nb: [[[*d]]]\n")


def test_a_long_flow_list_is_refused_as_it_is_read() -> None:
    text = "[" + ",".join(["1"] * (MAX_NODES + 10)) + "]"
    message = parse_refusal(text)
    assert f"more than {MAX_NODES:,} YAML nodes" in message
    # the list and MAX_NODES - 1 items fit; the next item, at column 2 * MAX_NODES, does not
    assert f"f.yaml:1:{2 * MAX_NODES}:" in message


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system [echo hi]\n",
    "a: !!python/object/new:dict {x: 1}\n",
    "a: !!set {x, y}\n",
    "a: !custom {x: 1}\n",
    "a: !!omap [x: 1]\n",
    "a: !!binary aGk=\n",
    "!!python/name:os.system : x\n",
])
def test_tags_on_any_node_are_refused(text: str) -> None:
    assert "unsupported YAML tag" in parse_refusal(text)


def test_standard_tags_stay_legal() -> None:
    doc = parse("a: !!str 12\nb: !!int '7'\nc: !!map {x: !!float 1}\nd: !!seq [!!null '']\n",
                "f.yaml", NodeBudget())
    assert doc.data == {"a": "12", "b": 7, "c": {"x": 1.0}, "d": [None]}


def test_yaml_1_1_words_stay_text() -> None:
    doc = parse("a: yes\nb: on\nc: 017\nd: 1:30\ne: 0o17\nf: .inf\n", "f.yaml", NodeBudget())
    assert doc.data == {"a": "yes", "b": "on", "c": 17, "d": "1:30", "e": 15,
                        "f": float("inf")}


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\n---\nb: 2\n", "more than one YAML document"),
    ("a: *nowhere\n", "alias *nowhere names no anchor"),
    ("a: &x [*x]\n", "alias *x names no anchor"),
    ("[a, b]: 1\n", "a mapping key must be a plain word"),
    ("&k a: 1\n*k : 2\n", "a mapping key must be a plain word, not an alias"),
    ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)"),
    ("<<: {a: 1}\n", "YAML merge keys ('<<') are not supported"),
    ("a: !!int 1" + "0" * 5000 + "\n", "cannot read"),
    ("a: !!timestamp 2024-13-45\n", "cannot read"),
    ("a: 2030-02-30\n", "cannot read '2030-02-30' as a date or time"),
    ("", "the file is empty"),
    ("# only a comment\n", "the file is empty"),
])
def test_crafted_documents_give_one_clean_message(text: str, message: str) -> None:
    assert message in parse_refusal(text)


def test_the_command_line_refuses_a_deep_file_without_a_traceback(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 490 + "]" * 490, encoding="utf-8")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "tui.cli", "validate", str(deep), str(fifo)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{deep}:1:{MAX_DEPTH + 1}: the file nests" in result.stderr
    assert f"{fifo}:1:1: is a FIFO" in result.stderr


def test_a_fifo_with_a_writer_is_still_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)

    def writer() -> None:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return
        os.close(fd)

    opener = threading.Timer(0.01, writer)
    opener.start()
    assert "is a FIFO" in refusal(fifo)
    opener.join()
