"""Compilation: the UTC slot grid, daylight saving, merged windows, and the pairwise rules."""

from __future__ import annotations

import numpy as np
from conftest import participant, signup_file

from groupformer import bitset
from groupformer.compile import compile_problem, geo
from groupformer.compile.time import format_utc, slot_start_utc
from groupformer.contract import SignupFile


def compiled(participants, **settings):
    return compile_problem(SignupFile.model_validate(signup_file(participants, **settings)))


def start_times(problem, person=0) -> list[str]:
    return [
        format_utc(slot_start_utc(problem.reference_week, problem.slot_minutes, slot))
        for slot in bitset.indices(problem.window_bits[person])
    ]


def test_local_window_becomes_utc_starts_where_the_whole_meeting_fits():
    problem = compiled([participant("t1")])
    assert start_times(problem) == ["2027-01-04T18:00:00Z", "2027-01-04T18:15:00Z", "2027-01-04T18:30:00Z"]


def test_summer_reference_week_uses_daylight_saving_offset():
    problem = compiled([participant("t1")], reference_week="2027-07-05")
    assert start_times(problem)[0] == "2027-07-05T17:00:00Z"


def test_offset_change_inside_the_reference_week_is_respected():
    """US clocks go forward on Sunday 2027-03-14: Monday is CST (UTC-6), that Sunday CDT (UTC-5)."""
    windows = [{"day": "mon", "start": "12:00", "end": "13:30"}, {"day": "sun", "start": "12:00", "end": "13:30"}]
    problem = compiled([participant("t1", availability=windows)], reference_week="2027-03-08")
    assert start_times(problem) == ["2027-03-08T18:00:00Z", "2027-03-14T17:00:00Z"]


def test_touching_windows_join_into_one():
    split = [{"day": "mon", "start": "12:00", "end": "13:00"}, {"day": "mon", "start": "13:00", "end": "14:00"}]
    problem = compiled([participant("t1", availability=split), participant("t2")])
    assert problem.window_bits[0] == problem.window_bits[1]


def test_meeting_never_crosses_local_midnight():
    late = [{"day": "sat", "start": "23:00", "end": "24:00"}, {"day": "sun", "start": "00:00", "end": "01:00"}]
    problem = compiled([participant("t1", availability=late)])
    assert problem.window_bits[0] == 0


def test_quarter_hour_offset_zone_lands_on_the_grid():
    problem = compiled([participant("t1", timezone="Asia/Kathmandu")])
    assert start_times(problem)[0] == "2027-01-04T06:15:00Z"


def test_avoid_in_one_direction_is_a_conflict_both_ways():
    problem = compiled([participant("t1", avoid=["t2"]), participant("t2"), participant("t3")])
    assert problem.conflict_bits[1] >> 0 & 1
    assert not problem.compatible_bits[1] >> 0 & 1
    assert problem.compatible_bits[1] >> 2 & 1


def test_avoided_tag_makes_its_bearer_incompatible():
    problem = compiled([participant("t1", avoid_tags=["Faith_Based "]), participant("t2", tags=["faith_based"])])
    assert problem.conflict_bits[0] == 0b10


def test_people_without_a_common_start_are_incompatible():
    other_day = [{"day": "tue", "start": "12:00", "end": "14:00"}]
    problem = compiled([participant("t1"), participant("t2", availability=other_day)])
    assert problem.compatible_bits == (0, 0)


def test_disjoint_focus_lists_are_incompatible_but_no_focus_accepts_any():
    problem = compiled([participant("t1", focus=["trauma"]), participant("t2", focus=["grief"]), participant("t3")])
    assert problem.compatible_bits == (0b100, 0b100, 0b011)


def test_in_person_only_people_too_far_apart_are_incompatible():
    def in_person(identifier, lat):
        return participant(identifier, modality=["in_person"], location={"lat": lat, "lon": 0.0}, max_travel_km=10)

    problem = compiled([in_person("t1", 50.0), in_person("t2", 50.1), in_person("t3", 51.0)])
    assert problem.compatible_bits == (0b010, 0b001, 0)


def test_who_can_host_and_who_is_close_are_what_the_haversine_says_everywhere():
    """Compared only with nearby people and on chords, yet the same as every pair's haversine: across
    the antimeridian, near a pole, at the same place, with a radius of 0 and radii reaching someone exactly."""
    rng = np.random.default_rng(4)
    coordinates = np.vstack(
        [
            np.column_stack([rng.uniform(41, 42.5, 200), rng.uniform(-88.5, -87, 200)]),
            np.column_stack([rng.uniform(-1, 1, 50), rng.choice([-1, 1], 50) * rng.uniform(179, 180, 50)]),
            np.column_stack([rng.uniform(88.5, 90, 50), rng.uniform(-180, 180, 50)]),
        ]
    )
    coordinates[:10] = coordinates[10:20]
    count = len(coordinates)
    distances = geo.haversine_km(coordinates, coordinates)
    radii = rng.uniform(0, 150, count)
    radii[::3] = distances[np.arange(0, count, 3), (np.arange(0, count, 3) + 7) % count]
    radii[::5] = 0.0
    meets = rng.random(count) < 0.8
    both = meets[:, None] & meets[None, :]
    reach, close = [0] * count, [0] * count
    for people, reach_rows, close_rows in geo.travel_blocks(coordinates, radii, meets):
        for person, reach_bits, close_bits in zip(people, reach_rows, close_rows):
            reach[person], close[person] = reach_bits, close_bits
    assert tuple(reach) == bitset.from_rows((distances <= radii[:, None]) & both)
    assert tuple(close) == bitset.from_rows((distances <= radii[:, None] + radii[None, :]) & both)
