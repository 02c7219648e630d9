import pytest

from pipeline.lang.dehyphenate import is_compound, join_lines, join_mode, should_join


@pytest.mark.parametrize("left,right", [
    ("kriminalitets-", "forebyggende"), ("poli-", "tiet"), ("tryg-", "hedsskabende"),
    ("samarbejds-", "planen"), ("ind-", "satsområdet"), ("ungdoms-", "kriminalitet"),
])
def test_typographic_break_is_joined(left, right):
    assert should_join(left, right)


@pytest.mark.parametrize("left,right", [("Syd-", "og"), ("kreds-", "og"), ("bolig-", "eller"),
                                        ("Midt-", "samt"), ("land-", "til")])
def test_suspended_hyphen_keeps_hyphen_and_space(left, right):
    assert not should_join(left, right)
    assert join_mode(left, right) == "space"


@pytest.mark.parametrize("left,right", [("SSP-", "samarbejdet"), ("it-", "kriminalitet"),
                                        ("Lolland-", "Falsters"), ("2013-", "2015"),
                                        ("rocker-/", "bandemiljøet"), ("rocker-", "/bandemiljøet")])
def test_real_compound_hyphen_is_kept(left, right):
    assert not should_join(left, right)
    assert join_mode(left, right) == "keep"


def test_join_lines_resolves_every_kind_of_line_end():
    lines = ["Det er kriminalitets-", "forebyggende arbejde i Syd-", "og Sønderjyllands SSP-",
             "samarbejdet og rocker-/", "bandemiljøet."]
    assert join_lines(lines) == ("Det er kriminalitetsforebyggende arbejde i Syd- og "
                                 "Sønderjyllands SSP-samarbejdet og rocker-/bandemiljøet.")


def test_join_lines_collapses_whitespace_and_skips_empty_lines():
    assert join_lines(["  to  ord ", "", "og mere"]) == "to ord og mere"


def test_soft_hyphen_at_line_end_is_joined():
    assert join_lines(["kriminalitets\u00ad", "forebyggende"]) == "kriminalitetsforebyggende"


def test_compound_check_accepts_unlisted_compounds_with_linking_s():
    assert is_compound("nattelivssamarbejdet")
    assert not is_compound("xqzvbrt")
