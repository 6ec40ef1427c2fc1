"""The engine's house rules: no import circle inside engine/, none to the packages above."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ENGINE = Path("engine")


def imports(path: Path) -> set[str]:
    """Every module *path* imports, type-checking-only imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def engine_graph() -> nx.DiGraph:
    modules = {f"engine.{p.stem}" for p in ENGINE.glob("*.py") if p.stem != "__init__"}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for path in ENGINE.glob("*.py"):
        if path.stem == "__init__":
            continue
        for name in imports(path):
            if name in modules and name != f"engine.{path.stem}":
                graph.add_edge(f"engine.{path.stem}", name)
    return graph


def test_there_is_no_import_circle_in_the_engine() -> None:
    cycles = list(nx.simple_cycles(engine_graph()))
    assert cycles == [], f"import circles: {cycles}"


def test_the_checker_sees_a_circle() -> None:
    graph = engine_graph()
    graph.add_edge("engine.state", "engine.simulation")  # as if state imported Simulation
    assert list(nx.simple_cycles(graph))


def test_engine_and_scenario_never_import_the_app() -> None:
    for folder in (ENGINE, Path("scenario")):
        for path in folder.glob("*.py"):
            upward = {m for m in imports(path) if m.split(".")[0] in ("textual", "rich", "tui")}
            assert not upward, f"{path} imports {upward}"


def test_every_snapshot_and_run_record_names_the_engine_version() -> None:
    from engine import ENGINE_VERSION, Simulation
    from engine.results import record
    from tests.engine.tiny import tiny

    sim = Simulation(tiny())
    sim.advance(1.0)
    assert sim.snapshot().engine == sim.snapshot("w").engine == ENGINE_VERSION
    assert record(sim)["engine"] == ENGINE_VERSION
