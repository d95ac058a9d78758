"""Category search takes codes, names, labels and keywords, in simplified or traditional characters."""

import pytest

from chengguan.taxonomy import selectors
from chengguan.taxonomy.models import Category


def codes(query, **kwargs):
    return [category.code for category in selectors.search_categories(query, **kwargs)]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("路燈", "B0113"),
        ("路灯", "B0113"),
        ("垃圾滿溢", "S0110"),
        ("垃圾满溢", "S0110"),
        ("攤販", "S0501"),
        ("S0504", "S0504"),
        ("s0504", "S0504"),
        ("店外經營", "S0504"),
        ("S0504 店外经营", "S0504"),
        ("ｓ０５０４", "S0504"),  # full-width
    ],
)
def test_traditional_and_simplified_input_find_the_category_first(default_table, query, code):
    assert codes(query)[0] == code


def test_the_exact_name_comes_before_names_that_contain_it(default_table):
    found = codes("路灯")
    assert found[0] == "B0113" and "B0106" in found  # 路灯井盖 also matches, after 路灯 itself
    assert codes("路燈") == found


def test_nothing_for_nonsense_or_empty_and_major_classes_are_not_offered(default_table):
    assert codes("火星基地") == [] and codes("") == [] and codes("   ") == []
    assert "S05" not in codes("摊贩")


def test_inactive_and_non_public_subclasses(default_table):
    Category.objects.filter(code="S0110").update(is_active=False)
    Category.objects.filter(code="B0113").update(is_public=False)
    from chengguan.core.versioning import bump
    from chengguan.taxonomy.signals import TAXONOMY_VERSION_KEY

    bump(TAXONOMY_VERSION_KEY)
    assert "S0110" not in codes("垃圾满溢")
    assert "B0113" in codes("路灯") and "B0113" not in codes("路灯", public_only=True)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("S0504", "S0504"),
        ("店外经营", "S0504"),
        ("店外經營", "S0504"),
        ("路燈", "B0113"),
        ("跨门营业", "S0504"),
    ],
)
def test_find_category_takes_a_code_a_name_or_a_keyword_only_one_has(default_table, text, code):
    assert selectors.find_category(text).code == code


def test_find_category_refuses_what_several_match(default_table):
    assert selectors.find_category("垃圾") is None
    assert selectors.find_category("火星") is None


def test_search_reads_the_cached_table_whatever_it_finds(default_table, django_assert_max_num_queries):
    """At most the table's version check: the table itself is the process's copy (rebuilt here because
    this test's transaction changed it)."""
    selectors.search_categories("")  # nothing to search: the table is not even read
    selectors.search_categories("路灯")  # the first search loads it
    for query in ("路灯", "垃圾", "S0504", "火星"):
        with django_assert_max_num_queries(1):
            selectors.search_categories(query)
