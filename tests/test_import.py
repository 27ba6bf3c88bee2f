"""`groupformer import`: a web form's CSV export and a mapping become a sign-up file, or every bad cell is
reported with its spreadsheet row (the header is row 1) and column, and nothing is written."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import INSTANCES

from groupformer.cli import main
from groupformer.evaluate import evaluate
from groupformer.formimport import import_form, read_form
from groupformer.solve import solve
from groupformer.timegeo import haversine_km
from groupformer.validate import InputError, load_signups

# A small form: a remote-only person and an in-person one, one day column, answers as the form words them.
MAPPING = b"""
[settings]
meeting_minutes = 60

[columns]
name = "Name"
email = "Email"
timezone = "Zone"
modality = "Format"
location = "Where"
max_travel = "Travel"
focus = "Focus"
style = "Style"
frequency = "Often"
preferred_size = "Size"
avoid = "Avoid"
prefer = "Prefer"

[columns.availability]
mon = "Monday"

[options]
travel_unit = "miles"

[answers.timezone]
"Central (US)" = "America/Chicago"

[answers.modality]
"In person" = "in_person"
"Remote" = "remote"

[answers.style]
"Relaxed" = "informal"

[answers.frequency]
"Every other week" = "biweekly"

[answers.preferred_size]
"No preference" = {}
"""

HEADER = "Timestamp,Name,Email,Zone,Format,Where,Travel,Focus,Style,Often,Size,Avoid,Prefer,Monday\n"
ANA = "2026-11-02,Ana Ruiz,ana@example.org,Central (US),Remote,,,trauma,Relaxed,Every other week,3-4,,,12:00-13:30\n"
BO = 'x,Bo Lin,bo@example.org,America/Chicago,In person,60614,10,,,,No preference,,,"9am-11am; 5pm-7pm"\n'


def imported(*rows: str, header: str = HEADER, mapping: bytes | None = MAPPING):
    return import_form((header + "".join(rows)).encode(), mapping, "form.csv")


def problems_of(*rows: str, header: str = HEADER, mapping: bytes = MAPPING) -> list[str]:
    with pytest.raises(InputError) as caught:
        imported(*rows, header=header, mapping=mapping)
    return caught.value.problems


def row(name: str, **cells: str) -> str:
    """Ana's row with some cells replaced (by header name) and another name and email."""
    values = dict(zip(HEADER.strip().split(","), ANA.strip().split(",")))
    values.update(Name=name, Email=f"{name.split()[0].lower()}@example.org")
    values.update(cells)
    return ",".join(f'"{value}"' for value in values.values()) + "\n"


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


# --- answers become contract values -----------------------------------------------------------------------


def test_answers_are_translated_by_the_mapping():
    ana = imported(ANA).participants[0]
    assert (ana.timezone, ana.modality, ana.style, ana.frequency) == (
        "America/Chicago",
        ["remote"],
        ["informal"],
        ["biweekly"],
    )


def test_rows_without_an_id_column_get_ids_by_position():
    assert [person.id for person in imported(ANA, BO).participants] == ["p001", "p002"]


def test_multi_select_answers_split_on_semicolons_or_commas():
    person = imported(row("Cy Ode", Format="In person; Remote", Focus="trauma, grief", Where="60614", Travel="5"))
    assert person.participants[0].modality == ["in_person", "remote"]
    assert person.participants[0].focus == ["trauma", "grief"]


def test_an_answer_with_a_comma_stays_whole_when_the_mapping_knows_it():
    mapping = MAPPING.replace(b'"Relaxed" = "informal"', b'"Relaxed, conversational" = "informal"')
    person = imported(row("Cy Ode", Style="Relaxed, conversational"), mapping=mapping).participants[0]
    assert person.style == ["informal"]


def test_times_like_12pm_2pm_become_windows():
    person = imported(row("Cy Ode", Monday="12pm-2pm, 9:30am - 11am")).participants[0]
    assert [(window.start, window.end) for window in person.availability] == [("12:00", "14:00"), ("09:30", "11:00")]


def test_an_empty_day_cell_means_not_available_that_day():
    person = imported(row("Cy Ode", Monday="")).participants[0]
    assert person.availability == []


def test_a_zip_code_becomes_its_coordinates_labelled_with_its_city():
    location = imported(BO).participants[0].location
    assert (location.lat, location.lon, location.label) == (41.9229, -87.6483, "60614 (Chicago, IL)")


def test_a_city_and_state_become_the_mean_of_its_zip_codes():
    location = imported(BO.replace("60614", '"chicago, il"')).participants[0].location
    assert 41.7 < location.lat < 42.0 and -87.8 < location.lon < -87.5
    assert location.label == "chicago, il"


def test_zip_codes_without_coordinates_do_not_pull_a_city_away():
    location = imported(BO.replace("60614", '"Indianapolis, IN"')).participants[0].location
    assert haversine_km(location.lat, location.lon, 39.7684, -86.1581) < 10  # Monument Circle


def test_a_zip_code_without_coordinates_is_an_error():
    assert problems_of(BO.replace("60614", "46245")) == [
        "row 2, column \"Where\": '46245': the ZIP gazetteer has no place for this ZIP code "
        "(give the city or coordinates)"
    ]


def test_st_and_saint_are_the_same_word():
    abbreviated = imported(BO.replace("60614", '"St. Louis, MO"')).participants[0].location
    spelled_out = imported(BO.replace("60614", '"Saint Louis, MO"')).participants[0].location
    assert (abbreviated.lat, abbreviated.lon) == (spelled_out.lat, spelled_out.lon)


def test_a_state_may_be_written_by_its_name():
    by_code = imported(BO.replace("60614", '"Chicago, IL"')).participants[0].location
    by_name = imported(BO.replace("60614", '"Chicago, Illinois"')).participants[0].location
    assert (by_name.lat, by_name.lon) == (by_code.lat, by_code.lon)


def test_coordinates_are_taken_as_written():
    location = imported(BO.replace("60614", '"41.88, -87.63"')).participants[0].location
    assert (location.lat, location.lon) == (41.88, -87.63)


def test_travel_in_miles_becomes_kilometres():
    assert imported(BO).participants[0].max_travel_km == pytest.approx(16.093, abs=0.001)


def test_a_preferred_size_like_3_4_becomes_min_and_max():
    size = imported(ANA).participants[0].preferred_size
    assert (size.min, size.max) == (3, 4)


def test_a_no_preference_answer_leaves_the_field_open():
    assert imported(BO).participants[0].preferred_size is None


def test_avoid_and_prefer_name_other_rows_by_email_or_name():
    cy = row("Cy Ode", Avoid="ana@example.org", Prefer="Bo Lin")
    people = imported(ANA, BO, cy).participants
    assert (people[2].avoid, people[2].prefer) == (["p001"], ["p002"])


def test_settings_come_from_the_mapping():
    assert imported(ANA).settings.meeting_minutes == 60


def test_a_byte_order_mark_is_accepted():
    signups = import_form(("\ufeff" + HEADER + ANA).encode(), MAPPING, "form.csv")
    assert signups.participants[0].name == "Ana Ruiz"


# --- places outside the US ---------------------------------------------------------------------------------


def located(where: str, mapping: bytes = MAPPING):
    """The import of Bo's row placed at `where`, with what the import found."""
    return read_form((HEADER + BO.replace("60614", f'"{where}"')).encode(), mapping, "form.csv")


@pytest.mark.parametrize(
    ("where", "landmark"),
    [
        ("Toronto, Canada", (43.6535, -79.3839)),  # City Hall
        ("London, UK", (51.5073, -0.1276)),  # Charing Cross
        ("Berlin, Germany", (52.5163, 13.3777)),  # Brandenburg Gate
        ("Melbourne, Australia", (-37.8183, 144.9671)),  # Flinders Street station
        ("São Paulo, Brazil", (-23.5503, -46.6339)),  # Praça da Sé
    ],
)
def test_a_city_abroad_is_placed_near_its_centre_by_the_world_gazetteer(where, landmark):
    result = located(where)
    location = result.signups.participants[0].location
    assert haversine_km(location.lat, location.lon, *landmark) < 8
    assert result.findings.places["p001"].source == "world"


def test_a_country_may_be_named_or_given_by_its_iso_code_with_any_accents_and_case():
    by_name = located("São Paulo, Brazil").signups.participants[0].location
    by_code = located("sao paulo, br").signups.participants[0].location
    assert (by_code.lat, by_code.lon) == (by_name.lat, by_name.lon)


def test_the_label_keeps_the_answer_and_adds_the_gazetteer_name():
    assert located("Lyon, FR").signups.participants[0].location.label == "Lyon, FR (Lyon, France)"


def test_an_unknown_city_is_an_error_naming_row_column_and_answer():
    problems = problems_of(BO.replace("60614", '"Torontoo, Canada"'))
    assert len(problems) == 1
    assert problems[0].startswith("row 2, column \"Where\": 'Torontoo, Canada': no city called 'Torontoo' in Canada")
    assert "did you mean 'Toronto'?" in problems[0]


def test_a_city_without_a_country_is_an_error():
    problems = problems_of(BO.replace("60614", "Toronto"))
    assert problems == ['row 2, column "Where": \'Toronto\' has no country: write it like "Toronto, Canada"']


COUNTRY_MAPPING = MAPPING.replace(b'location = "Where"', b'location = "Where"\ncountry = "Country"')


def in_country(where: str, country: str):
    """Bo's row in a form with a country column."""
    header = HEADER.replace(",Where,", ",Where,Country,")
    bo = BO.replace(",60614,", f",{where},{country},")
    return import_form((header + bo).encode(), COUNTRY_MAPPING, "form.csv")


def test_a_country_column_gives_the_country_of_a_city_named_alone():
    alone = in_country("Toronto", "Canada").participants[0].location
    with_country = in_country('"Toronto, Canada"', "").participants[0].location
    assert (alone.lat, alone.lon) == (with_country.lat, with_country.lon)


def test_with_a_country_column_a_region_after_the_city_is_not_needed_to_find_it():
    with_region = in_country('"Toronto, ON"', "Canada").participants[0].location
    alone = in_country("Toronto", "Canada").participants[0].location
    assert (with_region.lat, with_region.lon) == (alone.lat, alone.lon)


def test_a_city_naming_another_country_than_the_country_column_is_an_error():
    with pytest.raises(InputError) as caught:
        in_country('"Lyon, France"', "Canada")
    assert caught.value.problems == [
        "row 2, column \"Where\": 'Lyon, France' names France, but the country column says Canada"
    ]


def test_a_postcode_outside_the_us_is_an_error():
    with pytest.raises(InputError) as caught:
        in_country("69001", "France")
    assert caught.value.problems == [
        'row 2, column "Where": \'69001\': only US ZIP codes are known; give the city instead, like "Lyon"'
    ]


def test_the_mapping_can_teach_country_answers():
    mapping = COUNTRY_MAPPING + b'\n[answers.country]\n"Kanada" = "CA"\n'
    header = HEADER.replace(",Where,", ",Where,Country,")
    taught = import_form((header + BO.replace(",60614,", ",Toronto,Kanada,")).encode(), mapping, "form.csv")
    assert taught.participants[0].location == in_country("Toronto", "Canada").participants[0].location


def test_a_country_translation_to_no_country_is_a_mapping_error():
    with pytest.raises(InputError) as caught:
        imported(BO, mapping=MAPPING + b'\n[answers.country]\n"ON" = "Ontario"\n')
    assert caught.value.problems == ["mapping: answers.country: 'on' is translated to no country name or ISO code"]


def test_a_place_after_the_city_that_is_neither_a_state_nor_a_country_is_an_error():
    problems = problems_of(BO.replace("60614", '"Toronto, ON"'))
    assert problems == [
        "row 2, column \"Where\": 'Toronto, ON': 'ON' is not a US state, nor a country name or ISO code the "
        "gazetteer knows (teach it in [answers.country])"
    ]


def test_namesakes_in_a_country_give_the_most_populous_and_the_summary_says_so():
    result = located("Springfield, USA")
    place = result.findings.places["p001"]
    assert haversine_km(place.lat, place.lon, 37.2090, -93.2923) < 8  # Springfield, Missouri
    [(row_number, remark)] = result.findings.remarks
    assert row_number == 2 and "cities of that name in United States; took the most populous" in remark


def test_a_state_code_that_is_also_a_country_code_is_the_us_state_when_the_state_has_the_city():
    dover = located("Dover, DE")
    assert dover.findings.places["p001"].source == "us_city"
    assert 38.9 < dover.signups.participants[0].location.lat < 39.4


def test_a_state_code_that_is_also_a_country_code_is_read_as_both_and_the_summary_says_so():
    windsor = located("Windsor, CA")
    assert windsor.findings.places["p001"].name == "Windsor, CA"
    assert "read 'CA' as the US state" in windsor.findings.remarks[0][1]


def test_a_code_the_mapping_translates_as_a_country_is_that_country():
    mapping = MAPPING + b'\n[answers.country]\n"CA" = "Canada"\n'
    windsor = located("Windsor, CA", mapping)
    assert (windsor.findings.places["p001"].name, windsor.findings.remarks) == ("Windsor, Canada", [])


def test_a_state_code_that_is_also_a_country_code_is_the_country_when_the_state_lacks_the_city():
    munich = located("Munich, DE")
    location = munich.signups.participants[0].location
    assert haversine_km(location.lat, location.lon, 48.1374, 11.5755) < 8  # Marienplatz
    assert "read 'DE' as Germany" in munich.findings.remarks[0][1]


def test_the_summary_counts_places_by_source(form_files, tmp_path):
    form, mapping = form_files(
        BO.replace("60614", '"41.88, -87.63"'),
        row("Cy Ode", Format="In person", Where="60614", Travel="5"),
        row("Di Fox", Format="In person", Where="Chicago, IL", Travel="5"),
        row("Ed Gray", Format="In person", Where="Lyon, France", Travel="5"),
    )
    result = run("import", form, "--mapping", mapping, "-o", str(tmp_path / "signups.json"))
    assert "  places        1 coordinates, 1 US ZIP, 1 US city/state, 1 world gazetteer\n" in result.stderr


# --- the distance unit -------------------------------------------------------------------------------------

KM_MAPPING = MAPPING.replace(b'travel_unit = "miles"', b"")


def test_a_form_answered_in_miles_displays_miles_and_keeps_radii_in_km():
    signups = imported(BO)
    assert signups.settings.distance_unit == "mi"
    assert signups.participants[0].max_travel_km == pytest.approx(10 * 1.609344, abs=0.001)


def test_a_form_answered_in_km_displays_km():
    signups = imported(BO, mapping=KM_MAPPING)
    assert (signups.settings.distance_unit, signups.participants[0].max_travel_km) == ("km", 10)


def test_units_written_in_the_answers_decide_the_unit_by_majority_and_the_summary_says_so():
    rows = [
        row(name, Format="In person", Where="60614", Travel=travel)
        for name, travel in [("Cy Ode", "10 miles"), ("Di Fox", "12 mi"), ("Ed Gray", "20 km")]
    ]
    result = read_form((HEADER + "".join(rows)).encode(), KM_MAPPING, "form.csv")
    assert result.signups.settings.distance_unit == "mi"
    assert [person.max_travel_km for person in result.signups.participants] == [16.093, 19.312, 20]
    assert result.distance_reason == "miles, which most travel answers use (2 of 3; 1 in km)"


def test_a_distance_unit_in_the_mapping_settings_wins_over_the_answers():
    mapping = MAPPING.replace(b"meeting_minutes = 60", b'meeting_minutes = 60\ndistance_unit = "km"')
    assert imported(BO, mapping=mapping).settings.distance_unit == "km"


def test_a_travel_question_in_miles_read_in_km_is_a_mapping_error():
    mapping = KM_MAPPING.replace(b'max_travel = "Travel"', b'max_travel = "Travel (miles)"')
    with pytest.raises(InputError) as caught:
        imported(BO, header=HEADER.replace("Travel", "Travel (miles)"), mapping=mapping)
    assert caught.value.problems == [
        'mapping: (top level): the max_travel column "Travel (miles)" asks in miles but options.travel_unit '
        'is "km": set travel_unit = "miles"'
    ]


# --- time zones from places --------------------------------------------------------------------------------

ZONE_FROM_PLACE = MAPPING.replace(b'timezone = "Zone"\n', b"").replace(
    b'travel_unit = "miles"', b'travel_unit = "miles"\ntimezone_from_location = true'
)


def test_time_zones_come_from_places_when_the_mapping_asks():
    result = read_form((HEADER + BO.replace("60614", '"Lyon, France"')).encode(), ZONE_FROM_PLACE, "form.csv")
    assert result.signups.participants[0].timezone == "Europe/Paris"
    assert result.findings.timezones_from_locations == 1


def test_an_answered_time_zone_wins_over_the_place():
    mapping = MAPPING.replace(b'travel_unit = "miles"', b'travel_unit = "miles"\ntimezone_from_location = true')
    person = imported(BO.replace("60614", '"Lyon, France"'), mapping=mapping).participants[0]
    assert person.timezone == "America/Chicago"


def test_without_a_time_zone_column_the_mapping_must_ask_for_time_zones_from_places():
    mapping = MAPPING.replace(b'timezone = "Zone"\n', b"")
    with pytest.raises(InputError) as caught:
        imported(BO, mapping=mapping)
    assert caught.value.problems[0].startswith("mapping: (top level): columns.timezone: give the time zone column")


def test_coordinates_give_no_time_zone_to_take():
    problems = problems_of(BO.replace("60614", '"41.88, -87.63"'), mapping=ZONE_FROM_PLACE)
    assert problems == ['row 2, column "Where": coordinates carry no time zone: give the city or a time zone']


def test_an_empty_time_zone_is_an_error_when_the_mapping_does_not_ask_for_places():
    assert problems_of(row("Cy Ode", Zone="")) == ['row 2, column "Zone": empty: every sign-up needs a time zone']


# --- offline -----------------------------------------------------------------------------------------------

NO_NETWORK = """
import pathlib, socket, sys

def refuse(*arguments, **keywords):
    raise OSError("network used")

socket.socket.connect = socket.create_connection = socket.getaddrinfo = refuse
from groupformer.formimport import import_form

form, mapping = (pathlib.Path(path).read_bytes() for path in sys.argv[1:])
location = import_form(form, mapping, "form.csv").participants[0].location
print(location.lat, location.lon)
"""


def test_places_abroad_are_found_with_the_network_cut(form_files):
    form, mapping = form_files(BO.replace("60614", '"Toronto, Canada"'))
    done = subprocess.run([sys.executable, "-c", NO_NETWORK, form, mapping], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    lat, lon = map(float, done.stdout.split())
    assert haversine_km(lat, lon, 43.6535, -79.3839) < 8


# --- problems ----------------------------------------------------------------------------------------------


def test_every_bad_cell_is_reported_with_row_and_column_at_once():
    problems = problems_of(ANA, row("Cy Ode", Monday="noonish"), row("Di Fox", Format="Hybrid", Size="many"))
    assert problems == [
        "row 3, column \"Monday\": cannot read 'noonish' as a time range like 12:00-13:30 or 12pm-2pm",
        "row 4, column \"Format\": 'Hybrid' is not an answer the mapping translates for modality: "
        "add it to [answers.modality] or answer one of in_person, remote",
        "row 4, column \"Size\": cannot read 'many' as a group size like 4 or 3-5",
    ]


def test_a_contract_problem_is_placed_at_its_row_and_column():
    problems = problems_of(row("Cy Ode", Zone="Mars/Olympus"))
    assert problems == [
        "row 2, column \"Zone\": unknown time zone 'Mars/Olympus': use an IANA name such as 'America/Chicago'"
    ]


def test_an_in_person_row_without_a_location_is_reported_on_its_row():
    problems = problems_of(row("Cy Ode", Format="In person"))
    assert len(problems) == 1 and problems[0].startswith("row 2: location and max_travel_km required")


def test_a_reference_to_nobody_is_an_error():
    problems = problems_of(ANA, row("Cy Ode", Avoid="Zed Null"))
    assert problems == ["row 3, column \"Avoid\": 'Zed Null' names nobody who signed up (looked up by id, email, name)"]


def test_a_mapped_column_missing_from_the_header_is_an_error_naming_it():
    problems = problems_of(ANA.replace(",12:00-13:30", ""), header=HEADER.replace(",Monday", ""))
    assert problems == ['form.csv: the mapping names column "Monday", which the header does not have']


def test_a_file_that_is_not_utf8_is_an_error_naming_it():
    with pytest.raises(InputError) as caught:
        import_form((HEADER + ANA.replace("Ana Ruiz", "Ana Muñoz")).encode("latin-1"), MAPPING, "form.csv")
    assert caught.value.problems[0].startswith("form.csv: not UTF-8 text")


def test_a_file_saved_as_utf16_is_named_utf16():
    with pytest.raises(InputError) as caught:
        import_form((HEADER + ANA).encode("utf-16-le"), MAPPING, "form.csv")
    assert caught.value.problems == [
        "form.csv: UTF-16 text (NUL bytes between the letters), not UTF-8; export the form as UTF-8 CSV"
    ]


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_id_cell_is_an_error_at_its_row_and_column(blank):
    with_ids = MAPPING.replace(b"[columns]\n", b'[columns]\nid = "Id"\n')
    rows = ["a1," + ANA, f"{blank}," + row("Bo Lin", Avoid="ana@example.org"), "c3," + row("Cy Ode", Avoid="Bo Lin")]
    problems = problems_of(*rows, header="Id," + HEADER, mapping=with_ids)
    assert 'row 3, column "Id": empty: every sign-up needs an id' in problems


def test_a_cell_with_more_answers_than_a_list_may_hold_is_an_error_at_its_cell():
    problems = problems_of(row("Cy Ode", Focus=", ".join(f"f{number}" for number in range(5_000))))
    assert problems == ['row 2, column "Focus": List should have at most 1000 items after validation, not 5000']


def test_a_long_unreadable_cell_is_quoted_cut_short():
    [problem] = problems_of(row("Cy Ode", Format="In person", Where="x" * 100_000, Travel="5"))
    assert problem.startswith(f'row 2, column "Where": {"x" * 80!r}… (100,000 characters) has no country')
    assert len(problem) < 300


def test_a_group_count_in_the_mapping_above_the_participants_is_no_cap():
    mapping = MAPPING.replace(b"meeting_minutes = 60", b"meeting_minutes = 60\ngroup_count = 1000000000")
    signups = imported(ANA, mapping=mapping)
    assert signups.settings.group_count == 1_000_000_000
    assert signups.fixed_groups() is None


def test_a_mapping_nested_too_deep_is_an_error_at_its_line_and_column():
    with pytest.raises(InputError) as caught:
        imported(ANA, mapping=MAPPING + b"\n[extra]\nx = " + b"[" * 10_000 + b"]" * 10_000)
    assert caught.value.problems == ["mapping: line 42 column 69: nested deeper than 64 levels"]


def test_a_misspelt_mapping_key_is_an_error():
    with pytest.raises(InputError) as caught:
        imported(ANA, mapping=MAPPING.replace(b"focus = ", b"focsu = "))
    assert caught.value.problems == ["mapping: columns.focsu: Extra inputs are not permitted"]


# --- the command ---------------------------------------------------------------------------------------------


@pytest.fixture
def form_files(tmp_path):
    def write(*rows: str):
        (tmp_path / "form.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
        (tmp_path / "mapping.toml").write_bytes(MAPPING)
        return str(tmp_path / "form.csv"), str(tmp_path / "mapping.toml")

    return write


def test_import_writes_a_valid_signup_file(form_files, tmp_path):
    form, mapping = form_files(ANA, BO)
    result = run("import", form, "--mapping", mapping, "-o", str(tmp_path / "signups.json"))
    assert result.exit_code == 0
    assert len(load_signups((tmp_path / "signups.json").read_bytes()).participants) == 2


def test_bad_form_exits_2_and_writes_nothing(form_files, tmp_path):
    form, mapping = form_files(ANA, row("Cy Ode", Monday="noonish"))
    result = run("import", form, "--mapping", mapping, "-o", str(tmp_path / "signups.json"))
    assert result.exit_code == 2
    assert 'error: row 3, column "Monday"' in result.output
    assert not (tmp_path / "signups.json").exists()


def test_an_output_into_a_missing_folder_creates_it(form_files, tmp_path):
    form, mapping = form_files(ANA)
    result = run("import", form, "--mapping", mapping, "-o", str(tmp_path / "missing" / "signups.json"))
    assert result.exit_code == 0 and (tmp_path / "missing" / "signups.json").is_file()


def test_the_sample_mapping_is_the_default_mapping():
    shipped = INSTANCES / "sample-form-mapping.toml"
    form = (INSTANCES / "sample-form.csv").read_bytes()
    assert import_form(form, shipped.read_bytes(), "sample-form.csv") == import_form(form, None, "sample-form.csv")


def test_the_sample_form_imports_and_solves():
    signups = import_form((INSTANCES / "sample-form.csv").read_bytes(), None, "sample-form.csv")
    solution = solve(signups, time_limit_s=5)
    report = evaluate(signups, solution)
    assert report.valid
    assert report.assigned >= 0.75 * len(signups.participants)


def test_import_to_standard_output_prints_json_and_the_summary_goes_to_standard_error():
    result = run("import", str(INSTANCES / "sample-form.csv"), "-o", "-")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["participants"]) == 40
    assert result.stderr.startswith("groupformer import\n  participants  40 from sample-form.csv\n")
