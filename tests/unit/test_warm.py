"""radar.ui.warm: the background building of likely next views, and the one-off freeze after the first run."""

from __future__ import annotations

import gc
import threading
from dataclasses import replace

from radar.countries import WB6
from radar.ui import draw, warm
from radar.views.spec import ViewSpec

SPEC = ViewSpec(page="overview", view="radar", framework_id="wbocr", countries=WB6, year=2020, year_from=2012,
                year_to=2020, country="SRB", axis="", focus="", language="sq", version="v1", style="screen",
                basis="all")
YEARS = [2017, 2018, 2019, 2020, 2021, 2022]


def test_each_item_is_built_once_in_order_and_a_failure_is_counted_not_raised() -> None:
    built: list[int] = []

    def job(item: int) -> None:
        if item == 3:
            raise ValueError("no data for 3")
        built.append(item)

    prefetcher = warm.Prefetcher(job, enabled=True)
    prefetcher._thread = threading.current_thread()  # queue only: this test drains by hand
    assert prefetcher.offer([1, 2, 3, 2]) == 3
    assert prefetcher.offer([1, 2, 4]) == 1  # 1 and 2 were queued before
    prefetcher.drain()
    assert built == [1, 2, 4]
    assert (prefetcher.done, prefetcher.failed, prefetcher.pending()) == (3, 1, 0)


def test_a_full_queue_drops_the_rest_and_a_switched_off_prefetcher_queues_nothing() -> None:
    prefetcher = warm.Prefetcher(lambda item: None, enabled=True, size=2)
    prefetcher._thread = threading.current_thread()
    assert prefetcher.offer(["a", "b", "c"]) == 2
    assert prefetcher.pending() == 2
    assert warm.Prefetcher(lambda item: None, enabled=False).offer(["a"]) == 0


def test_the_background_thread_builds_what_is_offered() -> None:
    done = threading.Event()
    built: list[str] = []

    def job(item: str) -> None:
        built.append(item)
        if len(built) == 2:
            done.set()

    prefetcher = warm.Prefetcher(job, enabled=True)
    with warm.foreground():  # a page run in progress: nothing is built beside it
        prefetcher.offer(["x", "y"])
        assert not done.wait(timeout=0.3) and built == []
    assert done.wait(timeout=30)
    assert built == ["x", "y"]
    assert prefetcher._thread is not None and prefetcher._thread.daemon


def test_quiet_only_when_no_run_is_in_progress_or_just_ended() -> None:
    with warm.foreground():
        assert not warm.quiet()
    assert not warm.quiet()  # one just ended: another may follow at once
    assert warm.quiet(warm._last_end[0] + 2 * warm.QUIET_S)
    warm._runs[-1] = 0.0  # a run that started long ago and never ended (its thread was killed) does not count
    try:
        assert warm.quiet(warm.STALE_S + warm._last_end[0] + 2 * warm.QUIET_S)
    finally:
        warm._runs.pop(-1)


def test_likely_next_views_are_the_other_years_nearest_first() -> None:
    years = [s.year for s in draw.likely_next(SPEC, YEARS)]
    assert years == [2019, 2021, 2018, 2022, 2017]
    assert all(replace(s, year=SPEC.year) == SPEC for s in draw.likely_next(SPEC, YEARS))  # nothing else changes


def test_the_country_profile_prefetches_the_other_governments_first() -> None:
    spec = replace(SPEC, page="country", view="profile", countries=("SRB",), country="SRB")
    after = draw.likely_next(spec, YEARS)
    others = [c for c in WB6 if c != "SRB"]
    assert [s.country for s in after[:len(others)]] == others and {s.year for s in after[:len(others)]} == {2020}
    assert all(s.countries == (s.country,) for s in after[:len(others)])
    assert [s.year for s in after[len(others):]] == [2019, 2021, 2018, 2022, 2017]  # then its other years


def test_a_span_of_years_prefetches_the_span_slid_then_its_ends_moved() -> None:
    spec = replace(SPEC, page="change", view="radar", year_from=2018, year_to=2020)
    spans = [(s.year_from, s.year_to) for s in draw.likely_next(spec, YEARS)]
    assert spans == [(2017, 2019), (2019, 2021), (2020, 2022), (2017, 2020), (2019, 2020), (2018, 2019), (2018, 2021)]
    assert all(replace(s, year_from=2018, year_to=2020) == spec for s in draw.likely_next(spec, YEARS))
    assert draw.likely_spans([2017, 2018], 2017, 2018) == []  # the only span there is


def test_pages_without_a_year_prefetch_nothing_by_year() -> None:
    assert draw.likely_next(replace(SPEC, page="methodology", view="sources"), YEARS) == []
    assert draw.likely_next(replace(SPEC, year=1999), YEARS) == []  # a year the framework lacks


def test_settle_freezes_once() -> None:
    warm._settled.clear()
    try:
        assert warm.settle_once() is True
        assert gc.get_freeze_count() > 0
        assert warm.settle_once() is False
    finally:
        gc.unfreeze()


def test_the_data_page_reads_the_likely_next_spans_rows_ahead(monkeypatch) -> None:
    from radar.ui import data

    asked: list[tuple] = []
    ahead = warm.Prefetcher(warm._run_job, enabled=True, wait=lambda: None)
    ahead._thread = threading.current_thread()  # no background thread: the queue is drained here, in order
    monkeypatch.setattr(warm, "_ahead", ahead)
    monkeypatch.setattr(data, "_observations_ahead", asked.append)
    monkeypatch.setattr(data, "version", lambda: "v7")
    spans = draw.likely_spans(YEARS, 2018, 2020)[:3]
    data.observations_ahead(("SRB",), ("cpi",), (), 2018, 2020, lambda: spans)
    ahead.drain()  # what the background thread would do once the process is quiet
    assert asked == [("v7", ("SRB",), ("cpi",), (), a, b) for a, b in spans]
    monkeypatch.setattr(ahead, "enabled", False)
    data.observations_ahead(("ALB",), (), (), 2018, 2020, lambda: spans)
    assert ahead.pending() == 0  # switched off (RADAR_PREFETCH=0): nothing queued


def test_a_part_marked_inside_a_run_leaves_the_runs_mark_in_place() -> None:
    with warm.foreground():
        with warm.foreground():  # a page part (st.fragment) drawn during the full run
            assert not warm.quiet()
        assert not warm.quiet()  # the full run is still going
    assert threading.get_ident() not in warm._runs


def test_a_frozen_figure_serialises_as_before_from_a_dict_made_once() -> None:
    import plotly.graph_objects as go
    import plotly.io as pio
    import plotly.tools

    figure = go.Figure(go.Scatterpolar(r=[1, 2, None], theta=["a", "b", "c"], name="SRB"), layout={"height": 400})
    before = pio.to_json(figure, validate=False)
    frozen = draw.freeze(figure)
    assert frozen is figure and isinstance(frozen, go.Figure)
    assert pio.to_json(frozen, validate=False) == before  # what st.plotly_chart sends, unchanged
    # st.plotly_chart's path: the figure's dict, the same one on every run (no deep copy per session and run)
    assert plotly.tools.return_figure_from_figure_or_data(frozen, True) is frozen.to_dict()


def test_offer_after_works_out_a_triggers_list_once_unless_the_queue_was_full() -> None:
    made: list[str] = []

    def items(trigger: str) -> list[str]:
        made.append(trigger)
        return [f"{trigger}1", f"{trigger}2"]

    prefetcher = warm.Prefetcher(lambda item: None, enabled=True, size=3)
    prefetcher._thread = threading.current_thread()
    assert prefetcher.offer_after("a", lambda: items("a")) == 2
    assert prefetcher.offer_after("a", lambda: items("a")) == 0 and made == ["a"]  # shown again: not worked out
    assert prefetcher.offer_after("b", lambda: items("b")) == 1  # the queue is full after b1
    prefetcher.drain()
    assert prefetcher.offer_after("b", lambda: items("b")) == 1 and made == ["a", "b", "b"]  # b2 now
    assert warm.Prefetcher(lambda item: None, enabled=False).offer_after("c", lambda: items("c")) == 0
    assert made == ["a", "b", "b"]  # switched off: the list is not even made
