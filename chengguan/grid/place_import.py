"""Writes to the gazetteer: importing places from CSV or GeoJSON (`chengguan import_places`).

A file that cannot be read as a whole (not UTF-8, not JSON, no FeatureCollection, a CSV without a name
column) raises PlaceImportError and changes nothing. Otherwise every row is checked: the good ones are
created or updated (by code when the row has one, else by name and kind) in one transaction, and the bad
ones are refused and reported with their line number and the reason."""

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from chengguan.core import audit, geo, versioning
from chengguan.core.refusals import require_actor
from chengguan.core.text import normalize

from . import locator
from .geometry import clean_place_geometry
from .models import Place, PlaceKind, split_aliases
from .selectors import active_cell
from .signals import PLACES_VERSION_KEY

_NAME_MAX = Place._meta.get_field("name").max_length
_ALIASES_MAX = Place._meta.get_field("aliases").max_length
_CODE_MAX = Place._meta.get_field("code").max_length
KIND_WORDS = {
    **{kind.value: kind.value for kind in PlaceKind},
    "道路": PlaceKind.ROAD,
    "路": PlaceKind.ROAD,
    "街": PlaceKind.ROAD,
    "地标": PlaceKind.LANDMARK,
    "小区": PlaceKind.COMPOUND,
    "学校": PlaceKind.SCHOOL,
    "市场": PlaceKind.MARKET,
    "其他": PlaceKind.OTHER,
}


class PlaceImportError(Exception):
    """The file as a whole cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class RefusedRow:
    line: int  # in the file, counting from 1 (a CSV's header is line 1)
    name: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}{f' ({self.name})' if self.name else ''}: {self.reason}"


@dataclass
class PlaceImportReport:
    created: int = 0
    updated: int = 0
    refused: list[RefusedRow] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        text = f"Places: {self.created} created, {self.updated} updated, {len(self.refused)} refused"
        return text + (" (dry run: nothing was saved)." if self.dry_run else ".")


@dataclass
class _Row:
    line: int
    values: dict


def areas_at(lng: float, lat: float) -> dict:
    """The street and community (Area ids) at a WGS-84 point, from the in-memory grid."""
    hit = locator.locate(lng, lat)
    cell = hit and active_cell(hit.cell_id)
    if not cell:
        return {"street_id": None, "community_id": None}
    return {"street_id": cell.community.parent_id, "community_id": cell.community_id}


def place_values(raw: dict, *, crs: str) -> dict:
    """A checked row (name, kind, aliases, code, geometry or lng/lat) as Place field values.
    ValueError with the reason otherwise."""
    name = normalize(str(raw.get("name") or ""))
    if not name:
        raise ValueError("a place needs a name")
    if len(name) > _NAME_MAX:
        raise ValueError(f"the name is longer than {_NAME_MAX} characters")
    kind_text = str(raw.get("kind") or "").strip().lower() or PlaceKind.LANDMARK
    kind = KIND_WORDS.get(kind_text)
    if kind is None:
        raise ValueError(f"unknown kind {kind_text!r}: use one of {', '.join(PlaceKind.values)}")
    aliases = raw.get("aliases") or ""
    if isinstance(aliases, list):
        aliases = ",".join(str(a) for a in aliases)
    aliases = ",".join(normalize(a) for a in split_aliases(str(aliases)))
    if len(aliases) > _ALIASES_MAX:
        raise ValueError(f"the aliases are longer than {_ALIASES_MAX} characters")
    code = str(raw.get("code") or "").strip()
    if len(code) > _CODE_MAX:
        raise ValueError(f"the code is longer than {_CODE_MAX} characters")
    geometry = raw.get("geometry")
    if geometry in (None, ""):
        lng, lat = raw.get("lng"), raw.get("lat")
        if lng in (None, "") or lat in (None, ""):
            raise ValueError("a place needs a geometry or lng and lat")
        try:
            geometry = {"type": "Point", "coordinates": [float(lng), float(lat)]}
        except (TypeError, ValueError):
            raise ValueError(f"lng {lng!r} and lat {lat!r} are not numbers") from None
    elif isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except ValueError:
            raise ValueError("the geometry column is not GeoJSON") from None
    geometry, derived, reason = clean_place_geometry(geometry, crs=crs)
    if reason:
        raise ValueError(reason)
    return {
        "name": name,
        "kind": kind,
        "aliases": aliases,
        "code": code,
        "geometry": geometry,
        **derived,
        **areas_at(derived["anchor_lng"], derived["anchor_lat"]),
    }


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _feature_lines(text: str, count: int) -> list[int]:
    """The line each feature of a FeatureCollection starts on (1-based), by decoding the features array
    element by element; counts from the array's line when the text is laid out unusually."""
    match = re.search(r'"features"\s*:\s*\[', text)
    if not match:
        return [1] * count
    decoder, pos, lines = json.JSONDecoder(), match.end(), []
    try:
        for _ in range(count):
            while text[pos] in " \t\r\n,":
                pos += 1
            lines.append(_line_of(text, pos))
            _, pos = decoder.raw_decode(text, pos)
    except (ValueError, IndexError):
        return [_line_of(text, match.start())] * count
    return lines


def read_geojson(text: str) -> list[_Row]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PlaceImportError(f"is not valid JSON: {exc}") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(features, list)
    ):
        raise PlaceImportError("is not a GeoJSON FeatureCollection (no features list)")
    rows = []
    for line, feature in zip(_feature_lines(text, len(features)), features, strict=True):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            rows.append(_Row(line, {"_error": "is not a GeoJSON Feature"}))
            continue
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        rows.append(_Row(line, {**props, "geometry": feature.get("geometry") or None}))
    return rows


def read_csv(text: str) -> list[_Row]:
    """Columns: name (required), kind, aliases, code, and lng + lat or geometry (GeoJSON text)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise PlaceImportError("is empty") from None
    except csv.Error as exc:
        raise PlaceImportError(f"is not valid CSV: {exc}") from exc
    if "name" not in header:
        raise PlaceImportError("has no 'name' column in its header line")
    if "geometry" not in header and not {"lng", "lat"} <= set(header):
        raise PlaceImportError("needs 'lng' and 'lat' columns, or a 'geometry' column")
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            line = reader.line_num
            if len(values) > len(header):
                rows.append(_Row(line, {"_error": f"has {len(values)} fields; the header has {len(header)}"}))
                continue
            rows.append(_Row(line, dict(zip(header, values, strict=False))))
    except csv.Error as exc:
        raise PlaceImportError(f"is not valid CSV at line {reader.line_num}: {exc}") from exc
    return rows


def read_places(path) -> list[_Row]:
    """The rows of a .csv or .geojson/.json file; PlaceImportError when the file is unreadable."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PlaceImportError(f"cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise PlaceImportError(f"is not UTF-8 text: {exc}") from exc
    if path.suffix.lower() == ".csv":
        return read_csv(text)
    if path.suffix.lower() in (".geojson", ".json"):
        return read_geojson(text)
    raise PlaceImportError("is neither .csv nor .geojson/.json")


def _check(rows: list[_Row], crs: str) -> tuple[list[tuple[int, dict]], list[RefusedRow]]:
    good, refused, codes = [], [], {}
    for row in rows:
        name = str(row.values.get("name") or "").strip()[:40]
        try:
            if "_error" in row.values:
                raise ValueError(row.values["_error"])
            values = place_values(row.values, crs=crs)
            if values["code"] and values["code"] in codes:
                raise ValueError(f"code {values['code']!r} was already used on line {codes[values['code']]}")
        except ValueError as exc:
            refused.append(RefusedRow(row.line, name, str(exc)))
            continue
        if values["code"]:
            codes[values["code"]] = row.line
        good.append((row.line, values))
    return good, refused


@transaction.atomic
def import_places(
    path,
    *,
    actor,
    crs: str = geo.WGS84,
    progress: Callable[[int], None] | None = None,
    dry_run: bool = False,
) -> PlaceImportReport:
    """Import the places of a CSV or GeoJSON file (see the module's docstring). `progress(n)` is called
    with the number of rows just dealt with; `dry_run` checks and counts, then rolls back."""
    require_actor(actor)
    geo.check_crs(crs)
    progress = progress or (lambda n: None)
    rows = read_places(path)
    good, refused = _check(rows, crs)
    progress(len(refused))
    report = PlaceImportReport(refused=refused, dry_run=dry_run)
    by_code = {p.code: p for p in Place.objects.exclude(code="")}
    by_name = {(p.name, p.kind): p for p in Place.objects.filter(code="")}
    for _line, values in good:
        place = (
            by_code.get(values["code"]) if values["code"] else by_name.get((values["name"], values["kind"]))
        )
        if place is None:
            place = Place(**values)
            report.created += 1
        else:
            for name, value in values.items():
                setattr(place, name, value)
            report.updated += 1
        place.save()
        if not values["code"]:
            by_name[(place.name, place.kind)] = place
        progress(1)
    if report.created + report.updated:
        versioning.bump(
            PLACES_VERSION_KEY
        )  # the saves bumped it too; this one also covers a dry run's caches
    if dry_run:
        transaction.set_rollback(True)
    else:
        data = {"what": "places", "source": str(path), "summary": report.summary()}
        audit.record(audit.Action.IMPORT, actor=actor, data=data)
    return report
