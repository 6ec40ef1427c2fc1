"""The simulation on the tiny scenario: exact traces of movement, combat and control."""

from __future__ import annotations

import math

import pytest

from engine.orders import Order
from engine.simulation import Simulation
from scenario.errors import OrderError
from tests.engine.tiny import tiny


def kinds(sim: Simulation, kind: str) -> list[tuple[float, str]]:
    return [(e.hours, e.text) for e in sim.log.entries if e.kind == kind]


def test_arrival_time_is_route_length_over_speed_by_class() -> None:
    sim = Simulation(tiny(), mode="free")
    assert sim.apply([Order("w1", "move", to="c")], side="w") == []
    sim.advance(5.0)
    arrivals = [e for e in sim.log.entries if e.kind == "move"]
    assert len(arrivals) == 1
    assert arrivals[0].hours == pytest.approx(12.0 / 30.0 + 5.0 / 15.0)
    assert sim.units["w1"].place == "c"


def test_position_is_interpolated_along_the_road() -> None:
    sim = Simulation(tiny(), mode="free")
    sim.apply([Order("w1", "move", to="b")], side="w")
    sim.advance(0.2)  # half of the 0.4 h road
    view = sim.snapshot().unit("w1")
    assert view.road == ("a", "b", pytest.approx(0.5))
    ax, _ = sim.world.graph.nodes["a"]["xy"]
    bx, _ = sim.world.graph.nodes["b"]["xy"]
    assert view.xy is not None and view.xy[0] == pytest.approx((ax + bx) / 2)


def test_an_empty_enemy_place_changes_hands_after_the_hold_time() -> None:
    sim = Simulation(tiny(), mode="free")
    sim.apply([Order("w1", "move", to="c")], side="w")
    sim.advance(10.0)
    arrive = 12.0 / 30.0 + 5.0 / 15.0
    [(hours, text)] = kinds(sim, "control")
    assert hours == pytest.approx(arrive + 2.0)
    assert text.startswith("C passes from East to West: ")
    assert sim.control["c"] == "w"
    assert sim.metrics.latest()["places_taken.w"] == 1.0
    assert sim.metrics.latest()["ground_km2.w"] > 0.0


def analytic(a0: float, b0: float, alpha: float, beta: float, t: float) -> tuple[float, float]:
    g = math.sqrt(alpha * beta)
    return (a0 * math.cosh(g * t) - math.sqrt(beta / alpha) * b0 * math.sinh(g * t),
            b0 * math.cosh(g * t) - math.sqrt(alpha / beta) * a0 * math.sinh(g * t))


def test_engagement_with_expected_values_follows_lanchester_square_law() -> None:
    scenario = tiny(**{"rules.combat.break_at": 0.0, "rules.combat.destroyed_below": 0.0,
                       "rules.combat.surrender_at": 0.0,
                       "units": [
                           {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "b",
                            "source": "X"},
                           {"id": "w2", "side": "w", "type": "inf", "name": "W2", "at": "b",
                            "source": "X", "strength": 0.5},
                           {"id": "e1", "side": "e", "type": "inf", "name": "E1", "at": "c",
                            "source": "X"}]})
    sim = Simulation(scenario, mode="free")
    sim.apply([Order("w1", "attack", to="c"), Order("w2", "attack", to="c")], side="w")
    sim.advance(12.0)
    rounds = [e for e in sim.log.entries if e.kind == "combat"]
    assert len(rounds) >= 6
    a0, b0 = rounds[0].data["forces"]
    assert (a0, b0) == (15.0, 10.0)
    alpha, beta = 0.05 * 1.0, 0.05 * 1.5  # attacking vs defending in a village
    for n, entry in enumerate(rounds[1:], start=1):
        expected = analytic(a0, b0, alpha, beta, float(n))
        if min(expected) <= 0:
            break
        assert entry.data["forces"][0] == pytest.approx(expected[0], rel=0.01)
        assert entry.data["forces"][1] == pytest.approx(expected[1], rel=0.01)


def test_a_broken_defender_withdraws_and_the_attacker_takes_the_place() -> None:
    scenario = tiny(units=[
        {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "b", "source": "X"},
        {"id": "w2", "side": "w", "type": "inf", "name": "W2", "at": "b", "source": "X"},
        {"id": "e1", "side": "e", "type": "inf", "name": "E1", "at": "c", "source": "X",
         "strength": 0.5}])
    sim = Simulation(scenario, mode="free")
    sim.apply([Order("w1", "attack", to="c"), Order("w2", "attack", to="c")], side="w")
    sim.run()
    assert [text for _, text in kinds(sim, "withdraw")] == ["E1 breaks off and withdraws to D"]
    assert sim.control["c"] == "w"


def test_units_meeting_on_a_road_fight_there() -> None:
    sim = Simulation(tiny(), mode="free")
    sim.apply([Order("w1", "move", to="d")], side="w")
    sim.apply([Order("e1", "move", to="a")], side="e")
    sim.advance(3.0)
    [(hours, text)] = kinds(sim, "contact")[:1]
    assert "makes contact" in text and "the road" in text
    # w1 needs 0.4 h to b, e1 0.5 h to c; both are then on b-c (1/3 h long), from each end
    t = (1.0 + 0.4 / (1 / 3) + 0.5 / (1 / 3)) / (2 / (1 / 3))
    assert hours == pytest.approx(t)


def test_same_seed_same_run_and_different_seeds_differ() -> None:
    def run(seed: int) -> tuple[list[object], list[dict[str, float]]]:
        scenario = tiny(**{"rules.combat.dispersion": 0.3})
        sim = Simulation(scenario, seed=seed, mode="free")
        sim.apply([Order("w1", "attack", to="d")], side="w")
        sim.run()
        return [(e.hours, e.kind, e.text, e.data) for e in sim.log.entries], sim.metrics.rows

    assert run(5) == run(5)
    assert run(5)[0] != run(6)[0]


@pytest.mark.parametrize(("order", "side", "reason"), [
    (Order("nobody", "move", to="b"), "w", "unknown unit 'nobody'"),
    (Order("e1", "move", to="c"), "w", "unknown unit 'e1'"),  # unseen: as if none
    (Order("w1", "move", to="zz"), "w", "unknown place 'zz'"),
    (Order("w1", "move"), "w", "needs a destination"),
    (Order("w1", "strike", target="e1"), "w", "W1 has no long-range weapon"),
    (Order("late", "move", to="b"), "w", "Late has not arrived yet: it is due at A on 02 Jan "
     "00:00"),
])
def test_rejected_orders_say_why_and_change_nothing(order: Order, side: str, reason: str) -> None:
    scenario = tiny(units=[
        {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "a", "source": "X"},
        {"id": "late", "side": "w", "type": "inf", "name": "Late", "at": "a", "source": "X",
         "available": "2024-01-02T00:00:00+00:00"},
        {"id": "e1", "side": "e", "type": "inf", "name": "E1", "at": "d", "source": "X"}])
    sim = Simulation(scenario, mode="free")
    sim.advance(0.5)
    before = sim.snapshot()
    [rejected] = sim.apply([order], side=side)
    assert reason in rejected.reason
    after = sim.snapshot()
    assert after.units == before.units
    assert sim.log.entries[-1].kind == "rejected"


def test_no_route_is_refused() -> None:
    scenario = tiny(**{"rules.unit_types.inf.speed_kmh.local": 0})
    sim = Simulation(scenario, mode="free")
    [rejected] = sim.apply([Order("w1", "move", to="d")], side="w")
    assert "no road route" in rejected.reason


def test_destroyed_unit_takes_no_orders() -> None:
    scenario = tiny(units=[
        {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "b", "source": "X",
         "strength": 0.2},
        {"id": "e1", "side": "e", "type": "inf", "name": "E1", "at": "c", "source": "X"},
        {"id": "e2", "side": "e", "type": "inf", "name": "E2", "at": "c", "source": "X"}])
    sim = Simulation(scenario, mode="free",)
    sim.units["w1"].status = "destroyed"
    [rejected] = sim.apply([Order("w1", "move", to="a")], side="w")
    assert "is destroyed" in rejected.reason


def test_snapshot_of_a_side_hides_enemy_units_out_of_sensor_range() -> None:
    sim = Simulation(tiny(), mode="free")
    sim.advance(0.1)
    assert {u.id for u in sim.snapshot("w").units} == {"w1"}
    assert {u.id for u in sim.snapshot().units} == {"w1", "e1"}


def test_a_closed_road_makes_a_moving_unit_reroute_or_stop() -> None:
    roads = [{"from": "a", "to": "b", "class": "regional", "km": 12.0},
             {"from": "b", "to": "c", "class": "local", "km": 5.0},
             {"from": "c", "to": "d", "class": "regional", "km": 15.0},
             {"from": "b", "to": "d", "class": "track", "km": 40.0}]
    sim = Simulation(tiny(**{"map.roads": roads, "units": [
        {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "a", "source": "X"}]}),
        mode="free")
    sim.apply([Order("w1", "move", to="d")], side="w")
    sim.advance(0.2)  # on the road a-b
    sim.close_road("b", "c", "bridge cut")
    sim.advance(12.0)
    [(_, text)] = kinds(sim, "reroute")
    assert text == "W1 reroutes at B: the road to C is closed"
    assert sim.units["w1"].place == "d"

    sim.close_road("b", "d", "track flooded")
    sim.apply([Order("w1", "move", to="a")], side="w")
    sim.advance(12.5)
    assert sim.units["w1"].place == "d"  # cannot leave: no road out is open
    with pytest.raises(OrderError, match="no road between 'a' and 'd'"):
        sim.close_road("a", "d", "nothing there")
