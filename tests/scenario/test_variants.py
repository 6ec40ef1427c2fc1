"""Variants: paths, set and remove, and a variant is a new scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario import VariantError, apply, load
from scenario.models import Variant
from scenario.variants import apply_to_data, parse_path

MINI = Path("tests/data/mini/mini.yaml")


def test_parse_path_splits_keys_and_selectors() -> None:
    assert parse_path("units[ua_himars].strength") == ("units", "[ua_himars]", "strength")
    assert parse_path("rules.combat.break_at") == ("rules", "combat", "break_at")
    assert parse_path("map.roads[3]") == ("map", "roads", "[3]")


@pytest.mark.parametrize("bad", ["units..x", "units[a", "3units", ""])
def test_parse_path_rejects_malformed(bad: str) -> None:
    with pytest.raises(VariantError, match="bad path"):
        parse_path(bad)


def _data() -> dict[str, object]:
    return {"units": [{"id": "a", "strength": 1.0}, {"id": "b", "strength": 0.5}],
            "rules": {"combat": {"break_at": 0.5}}}


def test_set_changes_selected_item_and_nested_key() -> None:
    variant = Variant(id="v", title="t", set={"units[b].strength": 0.25,
                                              "rules.combat.break_at": 0.4})
    data = apply_to_data(_data(), variant)
    assert data["units"] == [{"id": "a", "strength": 1.0}, {"id": "b", "strength": 0.25}]
    assert data["rules"] == {"combat": {"break_at": 0.4}}


def test_remove_drops_list_item() -> None:
    data = apply_to_data(_data(), Variant(id="v", title="t", remove=("units[a]",)))
    assert [u["id"] for u in data["units"]] == ["b"]  # type: ignore[index, union-attr]


def test_unknown_id_names_the_closest() -> None:
    variant = Variant(id="v", title="t", set={"units[bb].strength": 0.1})
    with pytest.raises(VariantError, match=r"no item with id 'bb'; did you mean 'b'\?"):
        apply_to_data(_data(), variant)


def test_remove_of_a_field_is_refused() -> None:
    with pytest.raises(VariantError, match="only list items"):
        apply_to_data(_data(), Variant(id="v", title="t", remove=("rules.combat",)))


def test_apply_returns_new_scenario_and_leaves_original() -> None:
    base = load(MINI)
    variant = base.variants[0]
    changed = apply(base, variant.id)
    assert changed is not base
    assert changed.model_dump() != base.model_dump()
    assert load(MINI).model_dump() == base.model_dump()


def test_unknown_variant_lists_known_ones() -> None:
    base = load(MINI)
    with pytest.raises(VariantError, match="unknown variant 'nope'"):
        apply(base, "nope")
