"""The engine's version: which rules of adjudication made a run.

Every run record and every Snapshot carries :data:`ENGINE_VERSION`, so a saved game or a
stored batch can tell that it was made by an engine that would now play it differently.
Raise it with any change that alters runs (the same scenario, seed and orders giving a
different log), and say what changed in the commit.
"""

ENGINE_VERSION = "2"
"""2: time through T, engagements as state, no polling, keyed draws, friction (issue 9)."""
