"""A form export (CSV) and its mapping -> a contract sign-up file, or every problem at once.

The steps run even after problems are found, so a coordinator sees every bad cell of the sheet in one
report; nothing is returned unless the whole sheet converts and the contract accepts the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from groupformer.contract import INPUT_FORMAT, SignupFile
from groupformer.contract.limits import quoted
from groupformer.formimport.cells import CellError
from groupformer.formimport.contract_check import RowOrigin, check_with_contract
from groupformer.formimport.convert import RowReader, participant_id, read_participant
from groupformer.formimport.findings import Findings, distance_unit_of_answers, summary_lines
from groupformer.formimport.mapping import DEFAULT_MAPPING_NAME, FormMapping, default_mapping_bytes, parse_mapping
from groupformer.formimport.problems import ProblemLog
from groupformer.formimport.references import REFERENCE_FIELDS, Directory
from groupformer.formimport.table import read_table
from groupformer.formimport.world_places import country_code
from groupformer.validate import InputError


@dataclass(frozen=True)
class FormImport:
    signups: SignupFile
    findings: Findings
    distance_reason: str

    def summary(self) -> str:
        """Lines that continue `groupformer import`'s summary: place sources, unit, notes."""
        return summary_lines(self.findings, self.distance_reason)


def _check_unique_ids(readers: list[RowReader], people: list[dict], mapping: FormMapping) -> None:
    first_row: dict[str, int] = {}
    for reader, person in zip(readers, people):
        identifier = person.get("id")
        if identifier is None:
            continue
        if identifier in first_row:
            message = f"id {quoted(identifier)} is already used in row {first_row[identifier]}"
            reader.log.in_cell(reader.row.number, mapping.columns.id, message)
        first_row.setdefault(identifier, reader.row.number)


def _add_references(readers: list[RowReader], people: list[dict], mapping: FormMapping) -> None:
    directory = Directory(people, mapping.options.references)
    for reader, person in zip(readers, people):
        for field in REFERENCE_FIELDS:
            column = getattr(mapping.columns, field)
            cell = reader.text(column)
            if not cell or "id" not in person:
                continue
            try:
                person[field] = directory.ids_named_in(cell, person["id"])
            except CellError as error:
                reader.log.in_cell(reader.row.number, column, str(error))


def _check_country_answers(mapping: FormMapping, mapping_name: str) -> None:
    unknown = [answer for answer, country in mapping.answers.country.items() if country_code(country, {}) is None]
    if unknown:
        raise InputError(
            [
                f"{mapping_name}: answers.country: {quoted(answer)} is translated to no country name or ISO code"
                for answer in unknown
            ]
        )


def _settings_with_distance_unit(mapping: FormMapping, findings: Findings) -> tuple[dict, str]:
    """The mapping's settings, with the unit the members answered in unless the mapping sets one."""
    if "distance_unit" in mapping.settings:
        return mapping.settings, f"{mapping.settings['distance_unit']} (settings.distance_unit of the mapping)"
    unit, reason = distance_unit_of_answers(findings.travel_units, mapping.options.distance_unit)
    return mapping.settings | {"distance_unit": unit}, reason


def convert(csv_bytes: bytes, mapping: FormMapping, source_name: str, mapping_name: str) -> FormImport:
    _check_country_answers(mapping, mapping_name)
    table = read_table(csv_bytes, source_name, list(mapping.columns.by_field().values()))
    log = ProblemLog(table.columns)
    findings = Findings()
    readers = [RowReader(row, mapping, log, findings) for row in table.rows]
    people = []
    origins = []
    for position, reader in enumerate(readers, start=1):
        person, window_columns = read_participant(reader, participant_id(reader, position, len(readers)))
        people.append(person)
        origins.append(RowOrigin(reader.row.number, window_columns))
    _check_unique_ids(readers, people, mapping)
    _add_references(readers, people, mapping)
    settings, distance_reason = _settings_with_distance_unit(mapping, findings)
    document = {"format": INPUT_FORMAT, "settings": settings, "participants": people}
    signups = check_with_contract(document, origins, mapping, mapping_name, log)
    log.raise_if_any()
    return FormImport(signups, findings, distance_reason)


def read_form(
    csv_bytes: bytes, mapping_toml: bytes | None, source_name: str, mapping_name: str = "mapping"
) -> FormImport:
    """The sign-ups in a form export, with what the import chose on its own (place sources, distance
    unit, namesakes); `mapping_toml` None means the default mapping (the sample form's).

    Raises InputError with one line per problem, each naming its row and column where it has one.
    """
    if mapping_toml is None:
        mapping_toml = default_mapping_bytes()
        mapping_name = DEFAULT_MAPPING_NAME
    mapping = parse_mapping(mapping_toml, mapping_name)
    return convert(csv_bytes, mapping, source_name, mapping_name)


def import_form(
    csv_bytes: bytes, mapping_toml: bytes | None, source_name: str, mapping_name: str = "mapping"
) -> SignupFile:
    """The sign-ups alone, as `read_form` reads them."""
    return read_form(csv_bytes, mapping_toml, source_name, mapping_name).signups
