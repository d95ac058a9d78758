"""What the home page shows: the city at a glance for everyone, and the user's own roles and unit."""

from django.db.models import Count

from chengguan.grid.models import Area, AreaLevel, Cell
from chengguan.org.models import Department, Staff
from chengguan.taxonomy.models import Category


def home_context(user) -> dict:
    levels = dict(Area.objects.values_list("level").annotate(n=Count("id")))
    context = {
        "counts": {
            "streets": levels.get(AreaLevel.STREET, 0),
            "communities": levels.get(AreaLevel.COMMUNITY, 0),
            "cells": Cell.objects.filter(is_active=True).count(),
            "categories": Category.objects.minors().filter(is_active=True).count(),
            "departments": Department.objects.active().count(),
        },
        "district": Area.objects.filter(level=AreaLevel.DISTRICT).order_by("code").first(),
    }
    if user.is_authenticated:
        staff = Staff.objects.select_related("department").prefetch_related("roles").filter(user=user).first()
        context["staff"] = staff
    return context
