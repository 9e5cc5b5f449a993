"""Link parameters (radar.params): every value a URL can carry parses to an allowed value or the default,
never raises, and any notice echoes the user's text only after cleaning."""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from radar import params

FRAMEWORKS = ["wbocr", "oc_resilience", "oc_threat", "wgi", "wjp_factors", "wjp_criminal_justice"]
WB6 = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]
YEARS = [1996, 1998, 2000, *range(2002, 2026)]
LIMITS_USED = [8, 12, 16, 24]  # the limits the app passes to shown() (8: parse_position)

# Text a link can carry: anything, plus values built from the allowed ones (so the matching paths are hit too).
any_text = st.text(max_size=300)
raw_choice = st.one_of(st.none(), any_text, st.sampled_from(FRAMEWORKS),
                       st.sampled_from(FRAMEWORKS).map(lambda s: f"  {s.upper()} "))
raw_list = st.one_of(
    st.none(), any_text,
    st.lists(st.one_of(st.sampled_from(WB6), st.sampled_from([w.lower() for w in WB6]), any_text), max_size=12)
    .map(",".join),
)
raw_year = st.one_of(st.none(), any_text, st.integers(-10_000, 10_000).map(str), st.sampled_from(YEARS).map(str),
                     st.sampled_from(YEARS).map(lambda y: f" {y}\t"))

SAFE_ECHO = re.compile(r"[A-Za-z0-9 ._,-]*…?")


def assert_safe(notice: str | None) -> None:
    """A notice never contains markup or quote characters a user could have smuggled in."""
    if notice is None:
        return
    assert isinstance(notice, str) and notice
    for ch in "<>;\"'`\\":
        assert ch not in notice, f"{ch!r} in notice {notice!r}"
    assert len(notice) < 300


# -- shown -----------------------------------------------------------------------------------------------------

def is_safe_echo(text: str) -> bool:
    return text == "?" or (bool(text) and SAFE_ECHO.fullmatch(text) is not None)


@given(raw=any_text, limit=st.sampled_from(LIMITS_USED))
@example(raw="ALB'); DROP TABLE observations;--", limit=12)
@example(raw="<script>alert(1)</script>", limit=24)
@example(raw="", limit=8)
def test_shown_only_echoes_safe_characters(raw, limit):
    assert is_safe_echo(params.shown(raw, limit))


@given(raw=any_text, limit=st.integers(11, 100))
@example(raw="ALB'); DROP TABLE observations;--", limit=12)
@example(raw="", limit=11)
def test_shown_is_at_most_limit_plus_one_from_limit_11(raw, limit):
    out = params.shown(raw, limit)
    assert is_safe_echo(out), out
    assert len(out) <= limit + 1


@given(raw=any_text, limit=st.sampled_from(LIMITS_USED) | st.integers(1, 100))
@example(raw="<>", limit=5)
def test_shown_is_at_most_limit_plus_one_for_every_limit(raw, limit):
    out = params.shown(raw, limit)
    assert is_safe_echo(out), out
    assert len(out) <= limit + 1


def test_shown_examples():
    assert params.shown("ALB'); DROP TABLE observations;--", 12) == "ALB DROP TAB…"
    assert params.shown("<script>", 24) == "script"
    assert params.shown("<>;'\"", 24) == "?"
    assert params.shown("XXX", 12) == "XXX"
    assert params.shown("A" * 5000, 16) == "A" * 16 + "…"


# -- parse_choice ----------------------------------------------------------------------------------------------

@given(raw=raw_choice)
def test_parse_choice_never_raises_and_returns_an_allowed_value(raw):
    value, notice = params.parse_choice(raw, FRAMEWORKS, "wbocr", "framework")
    assert value in FRAMEWORKS
    assert_safe(notice)
    if raw is not None and raw.strip().lower() in FRAMEWORKS and len(raw) <= params.MAX_PARAM_LENGTH:
        assert value == raw.strip().lower() and notice is None
    elif raw:
        assert value == "wbocr" and notice is not None  # a bad value: the default and a notice


@given(raw=raw_choice)
def test_parse_choice_with_a_default_outside_allowed_returns_allowed_or_default(raw):
    value, _ = params.parse_choice(raw, ["a", "b"], "fallback", "thing")
    assert value in {"a", "b", "fallback"}


def test_parse_choice_examples():
    assert params.parse_choice(None, FRAMEWORKS, "wbocr", "framework") == ("wbocr", None)
    assert params.parse_choice("", FRAMEWORKS, "wbocr", "framework") == ("wbocr", None)
    assert params.parse_choice(" WGI ", FRAMEWORKS, "wbocr", "framework") == ("wgi", None)
    value, notice = params.parse_choice("garbage", FRAMEWORKS, "wbocr", "framework")
    assert value == "wbocr" and "garbage" in notice
    value, notice = params.parse_choice("x" * 5000, FRAMEWORKS, "wbocr", "framework")
    assert value == "wbocr" and "x" * 20 not in notice
    value, notice = params.parse_choice("<b>wgi</b>", FRAMEWORKS, "wbocr", "framework")
    assert value == "wbocr" and "<" not in notice


# -- parse_list ------------------------------------------------------------------------------------------------

@given(raw=raw_list)
def test_parse_list_never_raises_and_returns_allowed_values_or_the_default(raw):
    values, notice = params.parse_list(raw, WB6, WB6, "countries")
    assert values, "never empty with a non-empty default"
    assert set(values) <= set(WB6)
    assert len(values) == len(set(values)), "no duplicates"
    assert_safe(notice)


@given(raw=raw_list)
def test_parse_list_keeps_the_known_items_in_link_order(raw):
    values, _ = params.parse_list(raw, WB6, ["ALB"], "countries")
    if raw is None or len(raw) > params.MAX_PARAM_LENGTH:
        assert values == ["ALB"]
        return
    wanted = list(dict.fromkeys(i.strip().upper() for i in raw.split(",") if i.strip().upper() in WB6
                                and i.strip().lower() == i.strip().upper().lower()))
    assert values == (wanted or ["ALB"])


@given(raw=raw_list)
def test_parse_list_with_an_empty_default_may_return_nothing_but_never_a_stranger(raw):
    values, _ = params.parse_list(raw, ["wb_wgi", "ti_cpi"], [], "sources")
    assert set(values) <= {"wb_wgi", "ti_cpi"}


def test_parse_list_examples():
    assert params.parse_list(None, WB6, WB6, "countries") == (WB6, None)
    assert params.parse_list("", WB6, WB6, "countries") == (WB6, None)
    assert params.parse_list("srb, alb,SRB", WB6, WB6, "countries") == (["SRB", "ALB"], None)
    values, notice = params.parse_list("ALB,XXX", WB6, WB6, "countries")
    assert values == ["ALB"] and "XXX" in notice
    values, notice = params.parse_list("XXX", WB6, WB6, "countries")
    assert values == WB6 and "XXX" in notice
    values, notice = params.parse_list("ALB'); DROP TABLE observations;--", WB6, WB6, "countries")
    assert values == WB6 and "DROP" in notice and ";" not in notice and "'" not in notice
    values, notice = params.parse_list(",".join(["A"] * 3000), WB6, WB6, "countries")
    assert values == WB6 and notice and len(notice) < 120
    values, notice = params.parse_list("a,b,c,d,e,f,g", WB6, WB6, "countries")
    assert notice.count(",") <= 5 and "…" in notice  # at most five unknown items echoed


# -- parse_year ------------------------------------------------------------------------------------------------

@given(raw=raw_year)
@example(raw="２０２３")  # full-width digits match \d: they must parse, not raise
@example(raw="2023;")
def test_parse_year_never_raises_and_returns_an_available_year_or_the_default(raw):
    year, notice = params.parse_year(raw, YEARS, 2025)
    assert year in YEARS
    assert isinstance(year, int)
    assert_safe(notice)
    if raw is not None and raw.strip().isascii() and raw.strip().isdigit() and int(raw) in YEARS:
        assert year == int(raw) and notice is None


@given(raw=raw_year)
def test_parse_year_default_outside_the_years_is_still_the_only_other_answer(raw):
    year, _ = params.parse_year(raw, [2021, 2023], 1999)
    assert year in {2021, 2023, 1999}


def test_parse_year_examples():
    assert params.parse_year(None, YEARS, 2025) == (2025, None)
    assert params.parse_year("", YEARS, 2025) == (2025, None)
    assert params.parse_year(" 2019 ", YEARS, 2025) == (2019, None)
    year, notice = params.parse_year("1800", YEARS, 2025)
    assert year == 2025 and "1800" in notice and "1996" in notice and "2025" in notice
    year, notice = params.parse_year("1997", YEARS, 2025)  # in range but no data that year
    assert year == 2025 and notice
    for bad in ("abc", "20231", "2023.0", "2023;", "-2023", "1e3", "2" * 5000):
        year, notice = params.parse_year(bad, YEARS, 2025)
        assert year == 2025 and notice, bad


# -- parse_flag ------------------------------------------------------------------------------------------------

@given(raw=st.one_of(st.none(), any_text))
def test_parse_flag_is_a_bool_and_true_only_for_the_yes_words(raw):
    value = params.parse_flag(raw)
    assert isinstance(value, bool)
    assert value == (raw is not None and raw.strip().lower() in {"1", "true", "yes", "on"})


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "On"])
def test_parse_flag_true(raw):
    assert params.parse_flag(raw) is True


@pytest.mark.parametrize("raw", [None, "", "0", "false", "no", "off", "2", "yes please", "<1>"])
def test_parse_flag_false(raw):
    assert params.parse_flag(raw) is False


# -- parse_position (the presenter's slide number, also a link value) -----------------------------------------

@given(raw=st.one_of(st.none(), any_text))
@example(raw="²")
@example(raw="1\x1f")
def test_parse_position_never_raises(raw):
    position, notice = params.parse_position(raw, 5)
    assert 1 <= position <= 5
    assert_safe(notice)


@given(position=st.integers(-5, 100), pad=st.sampled_from(["", " ", "  "]), count=st.integers(1, 50))
def test_parse_position_gives_a_slide_of_the_deck(position, pad, count):
    value, notice = params.parse_position(f"{pad}{position}{pad}", count)
    assert 1 <= value <= count
    assert (value == position and notice is None) if 1 <= position <= count else (value == 1 and notice)
    assert_safe(notice)


@pytest.mark.parametrize("raw", ["abc", "1.5", "<1>", "1;", "x" * 5000])
def test_parse_position_bad_values_start_at_one_with_a_notice(raw):
    value, notice = params.parse_position(raw, 5)
    assert value == 1 and notice
    assert_safe(notice)
