"""Calibration bands recomputed from the claims they rest on, by their written rule.

For every banded claim of the Kursk scenario the band in the file must be the band its
``basis`` derives, and it must not rest on one side's figures (or third parties') alone
unless the file says why. ``DERIVED`` holds what each basis derives, written out, so a
change to a claim or a rule that moves a band shows in review.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from pathlib import Path
from typing import Any

import pytest

from scenario import load
from scenario.bands import THIRD, BandError, camps, derive, figure
from scenario.models import BandBasis, Claim, Scenario

KURSK = Path("scenarios/kursk_2024.yaml")

DERIVED: dict[str, tuple[float, float]] = {
    "terr_0809": (344.0, 600.0),
    "terr_0813_afp": (640.0, 1000.0),
    "terr_0820_syrskyi": (1000.0, 1263.0),
    "depth_0809_estonia": (10.0, 18.0),
    "sudzha_0815_syrskyi": (0.8, 1.0),
    "convoy_veh_s2": (12.0, 16.5),
}
"""What each banded claim's basis derives (and so the band the file must hold)."""


@functools.cache
def kursk() -> Scenario:
    return load(KURSK)


def banded() -> list[str]:
    return [c.id for c in kursk().claims if c.band is not None]


def claims_by_id() -> dict[str, Claim]:
    return {c.id: c for c in kursk().claims}


def close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9) for x, y in zip(a, b, strict=True))


def derived(claim: Claim) -> tuple[float, float]:
    assert claim.basis is not None, f"{claim.id} has a band but no basis"
    return derive(claim.basis, claim.metric, claims_by_id())


@pytest.mark.parametrize("claim_id", banded())
def test_each_band_is_what_its_basis_derives(claim_id: str) -> None:
    claim = claims_by_id()[claim_id]
    assert claim.band is not None
    assert close(claim.band, derived(claim)), (
        f"{claim_id}: the file has {claim.band}, its basis derives {derived(claim)}")


def test_the_written_out_bands_are_what_the_bases_derive() -> None:
    assert set(DERIVED) == set(banded())
    for ident, band in DERIVED.items():
        assert close(derived(claims_by_id()[ident]), band), ident


def camps_of(ident: str) -> set[str]:
    """Whose figures the band of claim *ident* rests on."""
    basis = claims_by_id()[ident].basis
    assert basis is not None
    return camps(claims_by_id()[c] for c in basis.claims)


def test_no_band_rests_on_one_camp_alone_unless_the_file_says_why() -> None:
    for ident in banded():
        basis = claims_by_id()[ident].basis
        assert basis is not None
        assert len(camps_of(ident)) > 1 or basis.alone.strip(), (
            f"{ident} rests on {camps_of(ident)} alone and does not say why")


def test_the_file_has_bands_of_both_kinds() -> None:
    # the test above meets both branches on this file: lone bands and shared ones
    lone = [ident for ident in banded() if len(camps_of(ident)) == 1]
    assert 0 < len(lone) < len(banded())


# -- the rule on made-up claims ----------------------------------------------------------

BASIS = BandBasis(claims=("a",), rule="span", why="test")


def made(ident: str, *, value: float | None = None, rng: tuple[float, float] | None = None,
         side: str | None = None, metric: Any = "territory_km2") -> Claim:
    return Claim(id=ident, date=dt.date(2024, 8, 9), claimant="X", party="media", side=side,
                 metric=metric, value=value, range=rng, text="t", source="S")


def test_span_runs_from_the_lowest_to_the_highest_figure_widened_by_its_margins() -> None:
    claims = {"a": made("a", value=430), "b": made("b", rng=(480, 500))}
    basis = BandBasis(claims=("a", "b"), rule="span", below=0.2, above=0.1, why="t")
    assert close(derive(basis, "territory_km2", claims), (344.0, 550.0))
    assert close(derive(basis.model_copy(update={"below": 0.0, "above": 0.0}),
                         "territory_km2", claims), (430.0, 500.0))


def test_a_span_of_shares_stays_between_0_and_1() -> None:
    claims = {"a": made("a", rng=(0.4, 0.9), metric="stockpile_fraction_destroyed")}
    basis = BandBasis(claims=("a",), rule="span", below=0.0, above=0.5, why="t")
    assert derive(basis, "stockpile_fraction_destroyed", claims) == (0.4, 1.0)


def test_held_gives_a_share_of_runs_either_way() -> None:
    yes = {"a": made("a", value=1, metric="place_held")}
    no = {"a": made("a", value=0, metric="place_held")}
    basis = BandBasis(claims=("a",), rule="held", below=0.2, above=0.1, why="t")
    assert close(derive(basis, "place_held", yes), (0.8, 1.0))
    assert close(derive(basis, "place_held", no), (0.0, 0.1))


def test_a_band_cannot_be_derived_from_nothing() -> None:
    with pytest.raises(BandError, match="unknown claim 'a'"):
        derive(BASIS, "territory_km2", {})
    with pytest.raises(BandError, match="has no figure"):
        figure(made("a"))


def test_camps_are_the_sides_and_third_parties() -> None:
    assert camps([made("a", side="ua"), made("b", side="ru"), made("c")]) == {"ua", "ru", THIRD}


def test_the_calibration_notes_name_the_claims_each_band_rests_on() -> None:
    text = Path("docs/calibration.md").read_text(encoding="utf-8")
    section = text.split("## The claims each band rests on", 1)[1].split("\n## ", 1)[0]
    bullets = {line.split("**`", 1)[1].split("`", 1)[0]: line
               for line in section.split("\n- ")[1:]}
    assert set(bullets) == set(banded())
    for ident, bullet in bullets.items():
        basis = claims_by_id()[ident].basis
        assert basis is not None
        for claim in basis.claims:
            assert f"`{claim}`" in bullet, f"{ident}: {claim} is not named"
        low, high = DERIVED[ident]
        assert f"**{_text(low)}-{_text(high)}**" in bullet, ident


def _text(x: float) -> str:
    """A band's edge as the notes write it: ``1,000``, ``16.5``, ``0.8``, ``0``."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"
