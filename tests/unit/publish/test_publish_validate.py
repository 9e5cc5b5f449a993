"""The template's validation: a corpus of bad files, each rejected with the right message at the right sheet, row and
column, every problem at once; and good files adding scores, indicators, axes and frameworks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from _publishtools import EC_DEFINITION, INDICATOR, SCORE_HEADER, csv_text, score, write_csv, write_xlsx

from radar.ingest import template as tpl
from radar.publish import pipeline
from radar.publish.problems import Problem
from radar.publish.validate import release_problems

NEXT_YEAR = date.today().year + 1
SCALE_0_10 = {"indicator_id": "bsp_capacity", "name": "Prosecution capacity (test)", "scale_min": 0, "scale_max": 10,
              "higher_is_better": "yes"}


def problems(path: Path, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    preview = pipeline.prepare(path, version="test", current=tables)
    assert preview.tables is None and preview.diff is None, "a file with problems must give no candidate"
    return preview.problems


def has(found: list[Problem], row: object, column: str | None, text: str, sheet: str | None = None) -> bool:
    return any(p.row == row and p.column == column and text in p.message and (sheet is None or p.sheet == sheet)
               for p in found)


def assert_problem(found: list[Problem], row: object, column: str | None, text: str, sheet: str | None = None) -> None:
    assert has(found, row, column, text, sheet), "\n".join(str(p) for p in found)


# ---- the scores table ------------------------------------------------------------------------------------------------

CSV_CASES = [
    # (what, rows, header, row, column, message)
    ("missing column", [score()], [h for h in SCORE_HEADER if h != "value"], 1, "value", "missing column 'value'"),
    ("extra column", [score(score=3)], [*SCORE_HEADER, "score"], 1, "score", "unexpected column 'score'"),
    ("unknown country", [score(country="Serbie")], SCORE_HEADER, 2, "country", "unknown country 'Serbie'"),
    ("country not kept", [score(country="USA")], SCORE_HEADER, 2, "country", "unknown country 'USA'"),
    ("unknown indicator", [score(indicator="bsp_nothing")], SCORE_HEADER, 2, "indicator_id",
     "unknown indicator 'bsp_nothing'"),
    ("publisher indicator", [score(indicator="cpi_score", value=40)], SCORE_HEADER, 2, "indicator_id",
     "is published by Transparency International"),
    ("non-numeric", [score(value="high")], SCORE_HEADER, 2, "value", "'high' is not a number"),
    ("not a level", [score(value=2.5)], SCORE_HEADER, 2, "value", "2.5 is not a level of the indicator's scale"),
    ("off the scale", [score(value=7)], SCORE_HEADER, 2, "value", "7 is not a level"),
    ("duplicate key", [score(), score(country="Serbia", value=3)], SCORE_HEADER, 3, "indicator_id",
     "duplicate of row 2"),
    ("future year", [score(year=NEXT_YEAR)], SCORE_HEADER, 2, "year", f"{NEXT_YEAR} is in the future"),
    ("not a year", [score(year="twenty")], SCORE_HEADER, 2, "year", "'twenty' is not a year"),
    ("ancient year", [score(year=1900)], SCORE_HEADER, 2, "year", "before 1990"),
    ("formula in a CSV", [score(value="=1+1")], SCORE_HEADER, 2, "value", "a formula (=1+1) instead of a value"),
    ("no evidence", [score(evidence=None)], SCORE_HEADER, 2, "evidence", "evidence is required"),
    ("bad link", [score(evidence_url="www.example.org")], SCORE_HEADER, 2, "evidence_url", "is not a web address"),
    ("bounds", [score(value=2, lower=3)], SCORE_HEADER, 2, "lower", "lower 3 is above the value 2"),
    ("bound off the scale", [score(value=2, upper=9)], SCORE_HEADER, 2, "upper",
     "outside the indicator's scale 1 to 5"),
    ("blank country", [score(country=None)], SCORE_HEADER, 2, "country", "country is required"),
]


@pytest.mark.parametrize(("what", "rows", "header", "row", "column", "message"), CSV_CASES,
                         ids=[c[0] for c in CSV_CASES])
def test_bad_scores_are_rejected_at_their_row_and_column(tmp_path: Path, with_indicator: dict, what: str,
                                                         rows: list, header: list, row: int, column: str,
                                                         message: str) -> None:
    path = write_csv(tmp_path / "scores.csv", rows, header=header)
    found = problems(path, with_indicator)
    assert_problem(found, row, column, message)
    assert all(p.file == "scores.csv" and p.sheet is None for p in found)


def test_every_problem_is_reported_at_once(tmp_path: Path, with_indicator: dict) -> None:
    rows = [score(country="Atlantis"), score(year=NEXT_YEAR), score(value="n/a"), score(indicator="nope"),
            score(evidence=None), score(country="ALB", value=1)]
    found = problems(write_csv(tmp_path / "scores.csv", rows), with_indicator)
    assert [(p.row, p.column) for p in found] == [(2, "country"), (3, "year"), (4, "value"), (5, "indicator_id"),
                                                  (6, "evidence")]


def test_formulas_in_a_workbook_are_rejected_with_sheet_row_and_column(tmp_path: Path, with_indicator: dict) -> None:
    path = write_xlsx(tmp_path / "scores.xlsx", [score(), score(country="ALB", value="=2+1"),
                                                 score(country="MNE", evidence="=A1&B1")])
    found = problems(path, with_indicator)
    assert_problem(found, 3, "value", "a formula (=2+1) instead of a value", sheet="scores")
    assert_problem(found, 4, "evidence", "a formula (=A1&B1)", sheet="scores")
    assert len(found) == 2


def test_a_column_with_values_but_no_header(tmp_path: Path, with_indicator: dict) -> None:
    text = csv_text([score()], header=[*SCORE_HEADER]).replace("evidence_url\r\n", "evidence_url,\r\n")
    text = text.replace("Test evidence sentence.,\r\n", "Test evidence sentence.,,stray\r\n")
    path = tmp_path / "scores.csv"
    path.write_text(text)
    assert_problem(problems(path, with_indicator), 1, "I", "has values but no header")


def test_a_header_that_is_not_the_templates(tmp_path: Path, base_tables: dict) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("Land;Jahr;Wert\nSerbien;2024;3\n", encoding="utf-8")
    found = problems(path, base_tables)
    assert len(found) == 1 and found[0].row == 1 and "is not the template's header" in found[0].message


# ---- the indicators table -------------------------------------------------------------------------------------------

INDICATOR_CASES = [
    ("bad id", {**SCALE_0_10, "indicator_id": "Capacity Index"}, "indicator_id", "is not a valid id"),
    ("publisher id", {**SCALE_0_10, "indicator_id": "cpi_score"}, "indicator_id", "belongs to Transparency"),
    ("no name", {**SCALE_0_10, "name": None}, "name", "name is required"),
    ("direction", {**SCALE_0_10, "higher_is_better": "maybe"}, "higher_is_better", "'maybe' is not true or false"),
    ("no scale", {**SCALE_0_10, "scale_max": None}, "scale_max", "scale_min and scale_max are required"),
    ("upside-down scale", {**SCALE_0_10, "scale_min": 10, "scale_max": 0}, "scale_max", "must be above scale_min"),
    ("bad labels", {**SCALE_0_10, "scale_labels": "low|high"}, "scale_labels", "is not 'level=label'"),
    ("labels vs bounds", {**SCALE_0_10, "scale_labels": "1=low|2=high"}, "scale_min", "does not match"),
    ("axis without framework", {**SCALE_0_10, "axis_id": "policing"}, "axis_id", "framework_id is blank"),
    ("renamed axis", {**SCALE_0_10, "framework_id": "wbocr", "axis_id": "policing", "axis_name": "Police"},
     "axis_name", "is named 'Policing and investigations'"),
    ("new axis without name", {**SCALE_0_10, "framework_id": "wbocr", "axis_id": "media"}, "axis_name",
     "axis_name is required"),
    ("new framework without name", {**SCALE_0_10, "framework_id": "bsp_fw", "axis_id": "axis_a",
                                     "axis_name": "A"},
     "framework_name", "framework_name is required"),
    ("new framework with one axis", {**SCALE_0_10, "framework_id": "bsp_fw", "framework_name": "F",
                                     "axis_id": "axis_a", "axis_name": "A"}, "framework_id",
     "a radar needs at least 3"),
    ("weight", {**SCALE_0_10, "framework_id": "wbocr", "axis_id": "policing", "weight": -1}, "weight",
     "must be positive"),
]


@pytest.mark.parametrize(("what", "definition", "column", "message"), INDICATOR_CASES,
                         ids=[c[0] for c in INDICATOR_CASES])
def test_bad_indicator_definitions_are_rejected(tmp_path: Path, base_tables: dict, what: str, definition: dict,
                                                column: str, message: str) -> None:
    path = write_xlsx(tmp_path / "defs.xlsx", indicators=[definition])
    assert_problem(problems(path, base_tables), 2, column, message, sheet="indicators")


def test_redefining_a_scale_that_existing_values_do_not_fit(tmp_path: Path, with_indicator: dict) -> None:
    first = pipeline.prepare(write_csv(tmp_path / "a.csv", [score(value=5)]), version="t", current=with_indicator)
    assert first.ok and first.tables is not None
    narrower = {**EC_DEFINITION, "scale_labels": "1=Low|2=Mid|3=High"}
    found = problems(write_xlsx(tmp_path / "b.xlsx", indicators=[narrower]), first.tables)
    assert_problem(found, 2, "scale_min", "1 value(s) of 'bsp_ec_ch24' already in the Radar fall outside")


# ---- good files ------------------------------------------------------------------------------------------------------

def test_a_new_ordinal_indicator_on_an_existing_axis_with_scores(tmp_path: Path, base_tables: dict) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", [score(), score(country="Kosovo*", value=1, evidence_url="https://x.org/r")],
                      [EC_DEFINITION])
    preview = pipeline.prepare(path, version="test", current=base_tables)
    assert preview.ok and preview.tables is not None and preview.diff is not None
    assert preview.recognised == tpl.KIND
    assert preview.diff.counts() == {"added": 2, "changed": 0, "removed": 0}
    assert preview.diff.indicators_added == [INDICATOR] and preview.diff.framework_rows_added == 1
    ind = preview.tables["indicators"].set_index("indicator_id").loc[INDICATOR]
    assert (ind["scale_min"], ind["scale_max"], ind["scale_labels"]) == (1.0, 5.0, tpl.EC_PREPARATION_LABELS)
    axis = preview.tables["frameworks"].query("framework_id == 'wbocr' and axis_id == 'prosecution_courts'")
    assert INDICATOR in set(axis["indicator_id"]) and axis["axis_order"].nunique() == 1
    obs = preview.tables["observations"]
    obs = obs[obs["indicator_id"] == INDICATOR].set_index("country_iso3")
    assert obs.loc["XKX", "evidence_url"] == "https://x.org/r" and obs.loc["XKX", "source_country_code"] == "Kosovo*"
    assert obs.loc["SRB", "note"] == "import template good.xlsx, sheet 'scores', row 2"
    where = obs.loc["XKX", ["source_file", "source_sheet", "source_row", "source_column"]].tolist()
    assert where == ["good.xlsx", "scores", 3, "value"]
    assert ind["scale_bounds"] == "strict"


def test_a_new_framework_of_three_new_axes(tmp_path: Path, base_tables: dict) -> None:
    defs = [{**SCALE_0_10, "indicator_id": f"bsp_x{i}", "framework_id": "bsp_network", "framework_name":
             "Network radar (test)", "axis_id": f"axis_{i}", "axis_name": f"Axis {i}"} for i in range(3)]
    preview = pipeline.prepare(write_xlsx(tmp_path / "fw.xlsx", [score(indicator="bsp_x1", value=7.5)], defs),
                               version="test", current=base_tables)
    assert preview.ok, [str(p) for p in preview.problems]
    assert preview.tables is not None and preview.diff is not None
    assert preview.diff.frameworks_added == ["bsp_network"]
    fw = preview.tables["frameworks"].query("framework_id == 'bsp_network'")
    assert fw["axis_order"].tolist() == [1, 2, 3]
    assert fw["framework_order"].iloc[0] == base_tables["frameworks"]["framework_order"].max() + 1


def test_a_new_axis_on_an_existing_framework(tmp_path: Path, base_tables: dict) -> None:
    definition = {**SCALE_0_10, "framework_id": "wbocr", "axis_id": "media_freedom", "axis_name": "Media (test)"}
    preview = pipeline.prepare(write_xlsx(tmp_path / "axis.xlsx", indicators=[definition]), version="t",
                               current=base_tables)
    assert preview.ok and preview.tables is not None
    fw = preview.tables["frameworks"].query("framework_id == 'wbocr'")
    assert fw.set_index("axis_id").loc["media_freedom", "axis_order"] == fw["axis_order"].max() == 9


def test_scores_upsert_changed_rows_show_old_and_new(tmp_path: Path, with_indicator: dict) -> None:
    first = pipeline.prepare(write_csv(tmp_path / "a.csv", [score(value=2), score(country="ALB", value=3)]),
                             version="t", current=with_indicator)
    assert first.tables is not None
    second = pipeline.prepare(write_csv(tmp_path / "b.csv", [score(value=4), score(country="MNE", value=1)]),
                              version="t", current=first.tables)
    assert second.ok and second.diff is not None and second.tables is not None
    assert second.diff.counts() == {"added": 1, "changed": 1, "removed": 0}
    changed = second.diff.changed.iloc[0]
    assert (changed["country_iso3"], changed["old_value"], changed["new_value"]) == ("SRB", 2.0, 4.0)
    assert "value: 2 → 4" in changed["details"]
    kept = second.tables["observations"][second.tables["observations"]["indicator_id"] == INDICATOR]
    assert sorted(kept["country_iso3"]) == ["ALB", "MNE", "SRB"]  # the upsert keeps ALB
    same = pipeline.prepare(write_csv(tmp_path / "c.csv", [score(value=4)]), version="t", current=second.tables)
    assert same.ok and same.diff is not None and same.diff.empty


def test_csv_scores_have_no_sheet_but_their_row(tmp_path: Path, with_indicator: dict) -> None:
    preview = pipeline.prepare(write_csv(tmp_path / "s.csv", [score(country="ALB", value=3)]), version="t",
                               current=with_indicator)
    assert preview.ok and preview.tables is not None
    obs = preview.tables["observations"].query(f"indicator_id == '{INDICATOR}'").iloc[0]
    assert pd.isna(obs["source_sheet"])  # a CSV has no sheet
    assert (obs["source_file"], obs["source_row"], obs["source_column"]) == ("s.csv", 2, "value")


# ---- a publisher's rows ----------------------------------------------------------------------------------------------

def _release_rows(*rows: dict[str, object]) -> pd.DataFrame:
    """Tidy rows as an adapter gives them (the columns release_problems reads), one per dict over a default row."""
    default = {"country_iso3": "SRB", "year": 2020, "indicator_id": "wgi_cc_est", "value": 0.1, "scale_min": -2.5,
               "scale_max": 2.5, "scale_bounds": "nominal", "source_sheet": "cc", "source_row": 7,
               "source_column": "Governance estimate (approx. -2.5 to +2.5)",
               "extraction": "sheet 'elsewhere', row X=1, column \"not this\""}
    return pd.DataFrame([default | row for row in rows]).astype({"source_row": "Int64"})


def test_release_problems_name_the_cell_from_the_provenance_fields_not_the_note(base_tables: dict) -> None:
    rows = _release_rows({"indicator_id": "wgi_cc_score", "value": 104.0, "scale_min": 0.0, "scale_max": 100.0,
                          "scale_bounds": "strict", "source_column": "Governance score (0-100)"})
    found = release_problems(rows, "w.xlsx", "wb_wgi", "WGI", base_tables["indicators"])
    assert [(p.sheet, p.row, p.column) for p in found] == [("cc", 7, "Governance score (0-100)")]
    assert "104 is outside the published scale 0 to 100" in found[0].message
    json_row = _release_rows({"value": 11.0, "scale_min": 1.0, "scale_max": 10.0, "scale_bounds": "strict",
                              "indicator_id": "ocindex_prevention", "source_sheet": None, "source_row": None,
                              "source_column": "resilience.prevention"})
    found = release_problems(json_row, "r.jsonl", "gitoc_ocindex", "OC Index", base_tables["indicators"])
    assert [(p.sheet, p.row, p.column) for p in found] == [(None, None, "resilience.prevention")]


def test_the_scale_rule_is_the_indicators_not_its_name(base_tables: dict) -> None:
    indicators = base_tables["indicators"]
    nominal = _release_rows({"value": 2.61})  # a WGI estimate past the nominal 2.5: allowed
    assert release_problems(nominal, "w.xlsx", "wb_wgi", "WGI", indicators) == []
    strict = _release_rows({"value": 2.61, "scale_bounds": "strict"})  # same id, strict bounds: refused
    assert len(release_problems(strict, "w.xlsx", "wb_wgi", "WGI", indicators)) == 1
    other = _release_rows({"indicator_id": "cpi_score", "value": 101.0, "scale_min": 0.0, "scale_max": 100.0})
    assert release_problems(other, "c.xlsx", "ti_cpi", "CPI", indicators) == []  # nominal by its row, not its id
    committed = indicators.set_index("indicator_id")["scale_bounds"]
    assert set(committed[committed == "nominal"].index) == {f"wgi_{d}_est" for d in ("va", "pv", "ge", "rq", "rl",
                                                                                     "cc")}
