"""A saved game finds a scenario's includes from the parser's events: as a full load would."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from engine.game import _includes


def loaded(text: str) -> list[str]:
    """The includes as reading the whole text gives them (the reference)."""
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    names = data.get("include", []) if isinstance(data, dict) else []
    return [names] if isinstance(names, str) else [str(n) for n in names or []]


TEXTS = [
    "include: [rules/default.yaml]\nmetadata: {name: x}\n",
    "metadata:\n  name: x\n  nested: {include: [no.yaml]}\ninclude:\n  - a.yaml\n  - 'b c.yaml'\n",
    "include: one.yaml\n",
    "include: []\n",
    "include:\n",
    "name: x\n",
    "- a\n- b\n",
    "just text\n",
    "",
    "include: &inc [a.yaml]\nother: *inc\n",
    "base: &b {include: [x.yaml]}\n<<: *b\n",
    "include: !!str 12\n",
    "include: [12, 3.5, true, null]\n",
    'include: ["a.yaml", "b.yaml"]  # comment\n',
    "list: [[1, 2], {a: [3]}]\ninclude: [late.yaml]\n",
    "? complex\n: value\ninclude: [after.yaml]\n",
    "include: [a.yaml, [nested.yaml]]\n",
    "include: {a: b}\n",
    "---\ninclude: [doc.yaml]\n...\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_includes_are_a_full_loads(text: str) -> None:
    assert _includes(text) == loaded(text)


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


@given(st.dictionaries(st.sampled_from(["include", "name", "rules", "x"]),
                       st.one_of(names, st.lists(names, max_size=4),
                                 st.dictionaries(names, names, max_size=2)),
                       max_size=4),
       st.booleans())
def test_any_mapping_gives_the_includes_a_full_load_does(data: dict[str, object],
                                                        flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert _includes(text) == loaded(text)
