"""Estimate marks and claim parties as the app and the debrief show them.

The unit list marks units with an estimate, the log ends each order and inject of the
timeline with its source and estimate mark, ``e`` lists every mark the view may see with
its reason, and the command line's log and calibration say the same.
"""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console
from textual.widgets import DataTable, Static

from engine.simulation import Simulation
from scenario.models import Claim
from tests.tui.conftest import kursk, mini
from tui.app import SalientApp
from tui.estimates_screen import EstimatesScreen
from tui.marks import MARK, TimelineMarks, estimate_tag, party_label
from tui.render import basis_text, print_log
from tui.session import Session
from tui.widgets import UnitTable

SIZE = (130, 42)


def made(party: str, side: str | None) -> Claim:
    return Claim(id="c", date=dt.date(2024, 8, 9), claimant="X", party=party,  # type: ignore[arg-type]
                 side=side, metric="territory_km2", value=1, text="t", source="S")


def test_a_party_is_written_with_the_side_it_speaks_for() -> None:
    names = {"ua": "Ukraine", "ru": "Russia"}
    assert party_label(made("officials", "ru"), names) == "officials, Russia"
    assert party_label(made("foreign_officials", None), names) == "other states"
    assert party_label(made("state_media", "ru"), names) == "state media, Russia"


def test_an_estimate_tag_names_what_is_estimated() -> None:
    unit = next(u for u in kursk().units if u.id == "ua_61_mech")
    assert estimate_tag(unit.estimate) == f"{MARK} timing, strength"
    assert estimate_tag(None) == ""


def test_the_log_finds_the_timeline_entry_behind_each_order_and_inject() -> None:
    sim = Simulation(kursk(), seed=1)
    sim.advance(24.0)
    marks = TimelineMarks(sim.scenario)
    tags = {e.text: marks.tag(e) for e in sim.log.entries if e.kind in ("order", "inject")}
    first = next(t for text, t in tags.items() if text.startswith("22nd Mech Bde (1st group)"))
    assert first == f"[RT DE {MARK} route]"  # source D, by its outlet
    assert tags["Acting governor Smirnov: The acting governor reports attempted breakthroughs "
                "in the Sudzha and Korenevo districts"] == "[Politico Europe]"
    assert all(tags.values()), "a replayed order or an inject was not found in the timeline"
    assert not any(marks.tag(e) for e in sim.log.entries if e.kind not in ("order", "inject"))


def test_a_player_s_order_has_no_timeline_tag() -> None:
    sim = Simulation(mini(), seed=1, mode="free")
    sim.advance(1.0)
    marks = TimelineMarks(sim.scenario)
    assert not any(marks.tag(e) for e in sim.log.entries)


def test_the_command_line_log_carries_the_marks() -> None:
    sim = Simulation(kursk(), seed=1)
    sim.advance(4.0)
    out = io.StringIO()
    print_log(sim.log.entries, sim.time_at, Console(file=out, width=300),
              marks=TimelineMarks(sim.scenario))
    assert ("[order] 22nd Mech Bde (1st group): attack to Sudzha gas metering station via "
            f"Sudzha checkpoint [RT DE {MARK} route]") in out.getvalue()


def test_calibration_says_what_a_band_rests_on() -> None:
    scenario = kursk()
    claims = {c.id: c for c in scenario.claims}
    assert basis_text(claims["terr_0820_syrskyi"], scenario) == (
        "band rests on terr_0819, terr_0820_syrskyi (Ukraine's figures alone: no other party "
        "gave one) by rule span, 20% below, 0% above, which gives 1,000-1,263")
    assert basis_text(claims["convoy_veh_s2"], scenario).endswith("which gives 12-16.5")


async def test_the_unit_list_marks_the_units_with_an_estimate() -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE):
        table: DataTable[object] = app.query_one(UnitTable)
        assert str(table.get_row("ua_22_mech_1")[0]).startswith(f"{MARK} 22nd Mech")
        assert str(table.get_row("ua_sbu_sof")[0]) == "SBU special forces"


async def test_e_lists_what_the_view_may_see_with_the_reason() -> None:
    app = SalientApp(Session(kursk(), view="ru"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "e")  # to 7 August, 05:00
        screen = app.screen
        assert isinstance(screen, EstimatesScreen)
        keys = set(screen.rows)
        assert "place:sudzha_checkpoint" in keys and "unit:ru_cons_sudzha" in keys
        seen = {f"unit:{u.id}" for u in app.snapshot.units if u.side == "ua"}
        assert {k for k in keys if k.startswith("unit:ua_")} <= seen
        assert "unit:ua_61_mech" not in keys  # not seen, not even arrived
        orders = [r.name for r in screen.rows.values() if r.what == "order"]
        assert orders == ["Glide bombs on the Sumy border area"]  # Russia's own, by now
        why = screen.query_one("#estimate-why", Static)
        first = next(iter(screen.rows.values()))
        assert first.mark.why in str(why.render())
        await pilot.press("down")
        second = list(screen.rows.values())[1]
        assert second.mark.why in str(why.render())
        await pilot.press("escape")
        assert not isinstance(app.screen, EstimatesScreen)


async def test_the_umpire_sees_every_mark_made_by_now() -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "e")  # to 6 August, 17:00
        screen = app.screen
        assert isinstance(screen, EstimatesScreen)
        units = {k for k in screen.rows if k.startswith("unit:")}
        assert units == {f"unit:{u.id}" for u in kursk().units if u.estimate}
        assert [r.when for r in screen.rows.values() if r.what == "order"] == \
            ["06 Aug 08:00", "06 Aug 14:00", "06 Aug 14:00"]
