"""`groupformer import`: a web form's CSV export and a mapping become a sign-up file, or every bad cell is
reported with its spreadsheet row (the header is row 1) and column, and nothing is written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import INSTANCES

from groupformer.cli import main
from groupformer.evaluate import evaluate
from groupformer.formimport import import_form
from groupformer.solve import solve
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


def test_a_zip_code_becomes_coordinates_offline():
    location = imported(BO).participants[0].location
    assert (location.lat, location.lon, location.label) == (41.9229, -87.6483, "60614")


def test_a_city_and_state_become_the_mean_of_its_zip_codes():
    location = imported(BO.replace("60614", '"chicago, il"')).participants[0].location
    assert 41.7 < location.lat < 42.0 and -87.8 < location.lon < -87.5
    assert location.label == "chicago, il"


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
