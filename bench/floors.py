"""Floor endpoints, served by the same server as the real ones: each does the least work that gives the
same answer — one bare INSERT of the row intake stores, or one hand-written SELECT of the rows a page
shows — so a scenario's figure divided by its floor's is what the application itself costs."""

import json
import uuid

from django.db import connection, transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from chengguan.cases.models import Case

_INSERT = None


def _insert_sql() -> str:
    global _INSERT
    if _INSERT is None:
        names = [
            "number",
            "state",
            "channel",
            "description",
            "search_text",
            "address",
            "lng",
            "lat",
            "category_id",
            "urgency",
            "reporter_name",
            "reporter_phone",
            "reporter_phone_hash",
            "intake_key",
            "origin_type",
            "origin_id",
            "limit_unit",
            "resume_state",
            "supervision",
            "rework_count",
            "send_back_count",
            "reopen_count",
            "support_count",
            "reported_at",
            "updated_at",
        ]
        columns = ", ".join(connection.ops.quote_name(name) for name in names)
        marks = ", ".join(["%s"] * len(names))
        _INSERT = f"INSERT INTO {connection.ops.quote_name(Case._meta.db_table)} ({columns}) VALUES ({marks})"
    return _INSERT


@csrf_exempt
def bare_insert(request):
    """The same report intake gets, stored as one row with no checks, location, numbering or event (as
    rejected, with a number no day uses, so the floor's rows stay off the desk and the public pages)."""
    try:
        data = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("JSON expected")
    now = timezone.now()
    if connection.vendor == "sqlite":
        now = connection.ops.adapt_datetimefield_value(now)
    values = [
        f"9{uuid.uuid4().int % 10**19:019d}",
        "rejected",
        data.get("channel", "api"),
        data["description"],
        data["description"],
        "",
        data.get("lng"),
        data.get("lat"),
        None,
        "normal",
        "",
        "",
        "",
        data.get("key"),
        "",
        "",
        "",
        "",
        "",
        0,
        0,
        0,
        0,
        now,
        now,
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_insert_sql(), values)
    return JsonResponse({"ok": True}, status=201)


# The hand-written queries: the rows each page or endpoint shows, in one SELECT (two for the case page).
QUERIES = {
    "desk": (
        "SELECT c.id, c.number, c.state, c.reported_at, c.description, c.address, c.lng, c.lat, k.name "
        "FROM cases_case c LEFT JOIN taxonomy_category k ON k.id = c.category_id "
        "WHERE c.state IN ('reported', 'accepted', 'sent_back') "
        "ORDER BY c.reported_at DESC, c.id DESC LIMIT 20",
        [],
    ),
    "list": (
        "SELECT c.id, c.number, c.state, c.reported_at, c.deadline, c.description, k.name, d.name "
        "FROM cases_case c LEFT JOIN taxonomy_category k ON k.id = c.category_id "
        "LEFT JOIN org_department d ON d.id = c.department_id "
        "WHERE c.state = %(state)s AND c.category_id = %(category)s "
        "ORDER BY c.reported_at DESC, c.id DESC LIMIT 50",
        ["state", "category"],
    ),
    "markers": (
        "SELECT c.number, c.lng, c.lat, c.state FROM cases_case c "
        "LEFT JOIN taxonomy_category k ON k.id = c.category_id "
        "WHERE (c.cell_id IS NULL OR c.cell_id IN (SELECT g.id FROM grid_cell g WHERE g.min_lng <= %(east)s "
        "AND g.max_lng >= %(west)s AND g.min_lat <= %(north)s AND g.max_lat >= %(south)s)) "
        "AND c.lng BETWEEN %(west)s AND %(east)s AND c.lat BETWEEN %(south)s AND %(north)s "
        "AND c.reported_at >= %(since)s AND c.channel <> 'conduct' "
        "AND (k.id IS NULL OR k.is_public) ORDER BY c.reported_at DESC, c.id DESC LIMIT 1000",
        ["west", "east", "south", "north", "since"],
    ),
    "case": (
        "SELECT c.id, c.number, c.state, c.description, c.reported_at, c.deadline, k.name, d.name "
        "FROM cases_case c LEFT JOIN taxonomy_category k ON k.id = c.category_id "
        "LEFT JOIN org_department d ON d.id = c.department_id WHERE c.number = %(number)s",
        ["number"],
    ),
    "timeline": (
        "SELECT e.at, e.action, e.from_state, e.to_state, e.note, e.actor_name FROM cases_caseevent e "
        "JOIN cases_case c ON c.id = e.case_id WHERE c.number = %(number)s ORDER BY e.at, e.id",
        ["number"],
    ),
    # the maps (issue 18): the same rows as the layer, search and describe endpoints, by one query each
    "layer_cells": (
        "SELECT code, geometry FROM grid_cell WHERE is_active AND min_lng <= %(east)s "
        "AND max_lng >= %(west)s AND min_lat <= %(north)s AND max_lat >= %(south)s ORDER BY code LIMIT 4000",
        ["west", "east", "south", "north"],
    ),
    "layer_communities": (
        "SELECT a.code, a.name, a.geometry, p.name FROM grid_area a "
        "LEFT JOIN grid_area p ON p.id = a.parent_id "
        "WHERE a.level = 'community' AND a.geometry IS NOT NULL ORDER BY a.code",
        [],
    ),
    "place_search": (
        "SELECT p.id, p.name, p.kind, p.anchor_lng, p.anchor_lat, c.name, s.name FROM grid_place p "
        "LEFT JOIN grid_area c ON c.id = p.community_id LEFT JOIN grid_area s ON s.id = p.street_id "
        "WHERE p.is_active AND (p.name LIKE %(like)s OR p.aliases LIKE %(like)s) ORDER BY p.name LIMIT 10",
        ["like"],
    ),
    "describe": (
        "SELECT g.code, c.name, s.name, (SELECT p.name FROM grid_place p WHERE p.anchor_lng BETWEEN "
        "%(lng)s - 0.006 AND %(lng)s + 0.006 AND p.anchor_lat BETWEEN %(lat)s - 0.005 AND %(lat)s + 0.005 "
        "ORDER BY ABS(p.anchor_lng - %(lng)s) + ABS(p.anchor_lat - %(lat)s) LIMIT 1) "
        "FROM grid_cell g JOIN grid_area c ON c.id = g.community_id "
        "LEFT JOIN grid_area s ON s.id = c.parent_id "
        "WHERE g.is_active AND g.min_lng <= %(lng)s AND g.max_lng >= %(lng)s AND g.min_lat <= %(lat)s "
        "AND g.max_lat >= %(lat)s ORDER BY g.code LIMIT 1",
        ["lng", "lat"],
    ),
    "locate": (
        "SELECT id, code FROM grid_cell WHERE is_active AND min_lng <= %(lng)s AND max_lng >= %(lng)s "
        "AND min_lat <= %(lat)s AND max_lat >= %(lat)s ORDER BY code LIMIT 1",
        ["lng", "lat"],
    ),
}


def sql_floor(request, name: str):
    """GET /bench/floor/sql/<name>/?param=… runs QUERIES[name] (and, for the case page, its timeline)."""
    if name not in QUERIES:
        return HttpResponseBadRequest("unknown query")
    answer = {}
    with connection.cursor() as cursor:
        for query in [name] + (["timeline"] if name == "case" else []):
            sql, params = QUERIES[query]
            cursor.execute(sql, {param: request.GET[param] for param in params})
            answer[query] = cursor.fetchall()
    return JsonResponse(answer, json_dumps_params={"default": str})
