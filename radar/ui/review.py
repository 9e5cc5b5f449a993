"""The Publish page's import preview (the diff and the radar as it would look) and the peer review of the network's
own scores (issue 17): rows for countries the editor does not speak for, "Submit for review", and the drafts with
their diff, their radar and approve / return for an editor of another organisation (radar.publish.drafts)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from radar import versions
from radar.i18n import _
from radar.publish import drafts, files, pipeline, preview, scope
from radar.publish.editors import Profile
from radar.publish.problems import Problem, problems_frame
from radar.text import plain
from radar.ui import data, keys


def show_diff(found: pipeline.Preview) -> None:
    diff = found.diff
    assert diff is not None
    counts = diff.counts()
    st.subheader(_("What would change (against version {v})").format(v=found.base_version))
    a, c, r = st.columns(3)
    a.metric(_("Rows added"), counts["added"])
    c.metric(_("Rows changed"), counts["changed"])
    r.metric(_("Rows removed"), counts["removed"])
    if diff.indicators_added or diff.indicators_changed or diff.framework_rows_added:
        st.markdown(_("Indicators added: {a} · indicators redefined: {c} · radar axis memberships added: {m} · new "
                      "frameworks: {f}").format(a=plain(", ".join(diff.indicators_added) or "-"),
                                                c=plain(", ".join(diff.indicators_changed) or "-"),
                                                m=diff.framework_rows_added,
                                                f=plain(", ".join(diff.frameworks_added) or "-")))
    if len(diff.relabelled):
        st.caption(_("Relabelled: {n} rows keep their values under another edition label (not counted as changed): "
                     "{what}.").format(n=len(diff.relabelled), what="; ".join(
                         f"{plain(r['from'])} → {plain(r['to'])} ({r['rows']})" for r in diff.relabellings())))
    frames = preview.diff_frames(diff, found.tables["indicators"] if found.tables is not None else None)
    parts = ["added", "changed", "removed"] + (["relabelled"] if len(diff.relabelled) else [])
    tabs = st.tabs([_("Added ({n})").format(n=counts["added"]), _("Changed ({n})").format(n=counts["changed"]),
                    _("Removed ({n})").format(n=counts["removed"]),
                    _("Relabelled ({n})").format(n=len(diff.relabelled))][:len(parts)])
    for tab, part in zip(tabs, parts):
        with tab:
            st.dataframe(frames[part], hide_index=True, width="stretch", height=260)


def show_radar(found: pipeline.Preview, prefix: str = "publish") -> None:
    """The radar as it would look after publishing (widget keys `<prefix>_framework`, `<prefix>_radar`)."""
    assert found.tables is not None and found.diff is not None
    st.subheader(_("The radar as it would look"))
    choices = preview.affected_frameworks(found.tables, found.diff)
    left, right = st.columns(2)
    framework_id = left.selectbox(_("Framework"), choices, key=f"{prefix}_framework")
    try:
        shown = preview.radar_preview(found.tables, framework_id, preview.latest_touched_year(found.diff),
                                      data.store())
    except Exception as exc:  # noqa: BLE001 - a preview that cannot be drawn must not hide the rest of the page
        st.warning(_("The preview radar cannot be drawn: {e}").format(e=plain(exc)))
        return
    if shown is None:
        st.info(_("This framework has no data for the WB6 yet."))
        return
    right.caption(_("Year {y}: the latest year this file adds or changes a value in.").format(y=shown.year))
    st.plotly_chart(shown.figure, width="stretch", theme=None, key=f"{prefix}_radar")
    if shown.moves.empty:
        st.caption(_("No WB6 axis score of this framework changes in {y}.").format(y=shown.year))
    else:
        st.caption(_("WB6 axis scores that change in {y} (0-100):").format(y=shown.year))
        st.dataframe(shown.moves, hide_index=True, width="stretch")


def show_problems(problems: list[Problem]) -> None:
    st.error(_("{n} problem(s) found: nothing can be published until they are fixed. Nothing was written.").format(
        n=len(problems)), icon=":material/error:")
    st.dataframe(problems_frame(problems), hide_index=True, width="stretch")


def _as_file(name: str, payload: bytes, folder: str) -> Path:
    path = Path(folder) / files.safe_name(name)
    path.write_bytes(payload)
    return path


# ---- submit ----------------------------------------------------------------------------------------------------------

def outside_rows(name: str, payload: bytes, profile: Profile) -> list[Problem]:
    """The rows of an upload for countries the editor does not speak for (shown before anything else)."""
    with tempfile.TemporaryDirectory(prefix="radar-upload-") as folder:
        path = _as_file(name, payload, folder)
        return scope.country_problems(path, path.name, profile)


def submit_form(found: pipeline.Preview, name: str, payload: bytes, profile: Profile,
                done: Callable[[str], None]) -> None:
    """Submit the network's scores for review: nothing is public until another organisation's editor approves."""
    assert found.diff is not None
    st.subheader(_("Submit for review"))
    if found.diff.empty:
        st.info(_("This file matches the current version: there is nothing to submit."))
        return
    st.caption(_("The network's own scores are checked by an editor of another organisation before they are public. "
                 "You submit them for {scope}; nothing changes until the review.").format(
                     scope=plain(profile.country_scope())))
    reason = st.text_area(_("What is this submission? (kept with the draft and the version)"), key="submit_reason",
                          placeholder=_("e.g. BCSP assessment 2025: EC Chapter 24 levels and evidence"))
    if not st.button(_("Submit for review"), type="primary", disabled=not reason.strip(), key="submit_button",
                     icon=":material/rate_review:"):
        return
    with tempfile.TemporaryDirectory(prefix="radar-upload-") as folder:
        path = _as_file(name, payload, folder)
        try:
            draft = drafts.submit(path, path.name, profile, reason)
        except drafts.SubmissionRejected as exc:
            show_problems(exc.problems)
            return
        except (drafts.DraftError, pipeline.NothingToPublish, versions.VersionError, ValueError) as exc:
            st.error(plain(exc))
            return
    done(_("Submitted draft {d}: an editor of another organisation reviews it before it is public.").format(
        d=draft["draft"]))


# ---- review ----------------------------------------------------------------------------------------------------------

def _draft_preview(draft: dict) -> pipeline.Preview:
    """The draft's file checked against the current version (kept in the session until either changes)."""
    key = (draft["draft"], versions.current_version())
    cached = st.session_state.get(keys.DRAFT_PREVIEW)
    if cached is not None and cached[0] == key:
        return cached[1]
    path = drafts.upload_of(draft)
    with st.spinner(_("Reading and checking {name}...").format(name=plain(draft["file"]))):
        found = pipeline.prepare(path, draft["file"])
    st.session_state[keys.DRAFT_PREVIEW] = (key, found)
    return found


def _describe(draft: dict) -> None:
    org = draft.get("organisation_name") or draft.get("organisation") or "-"
    st.markdown(_("**{who}** ({org}) submitted **{file}** on {when} for {countries}: {reason}").format(
        who=plain(draft["submitted_by"]), org=plain(org), file=plain(draft["file"]), when=draft["submitted_at"],
        countries=plain(", ".join(draft.get("countries") or []) or "-"), reason=plain(draft["reason"])))
    if draft.get("last_error"):
        st.warning(_("An earlier approval could not be published: {e}").format(e=plain(draft["last_error"])))


def _review_buttons(draft: dict, profile: Profile, done: Callable[[str], None]) -> None:
    refusal = drafts.review_refusal(draft, profile)
    if refusal:
        st.info(plain(refusal), icon=":material/group:")
        return
    comment = st.text_area(_("Your review (kept with the version; for a return, what to change)"),
                           key=f"review_reason_{draft['draft']}")
    left, right = st.columns(2)
    approve = left.button(_("Approve and publish"), type="primary", disabled=not comment.strip(),
                          key="approve_button", icon=":material/check_circle:")
    give_back = right.button(_("Return with this comment"), disabled=not comment.strip(), key="return_button",
                             icon=":material/undo:")
    if not (approve or give_back):
        return
    try:
        if approve:
            result = drafts.approve(draft["draft"], profile, comment)
            message = _("Approved draft {d}: published version {v}. Every page shows it from now on.").format(
                d=draft["draft"], v=result["version"])
        else:
            drafts.return_draft(draft["draft"], profile, comment)
            message = _("Returned draft {d} to {who} with your comment.").format(d=draft["draft"],
                                                                               who=plain(draft["submitted_by"]))
    except pipeline.PublishRejected as exc:
        show_problems(exc.problems)
        return
    except (drafts.DraftError, pipeline.NothingToPublish, versions.VersionError, ValueError) as exc:
        st.error(plain(exc))
        return
    st.session_state.pop(keys.DRAFT_PREVIEW, None)
    done(message)


def drafts_section(profile: Profile, done: Callable[[str], None]) -> None:
    """Every draft, and the chosen waiting one with its diff, its radar and the review buttons."""
    st.subheader(_("Drafts and reviews"))
    listed = drafts.list_drafts()
    if not listed:
        st.caption(_("No drafts: the network's own scores are submitted for review above."))
        return
    st.dataframe(preview.drafts_frame(listed), hide_index=True, width="stretch")
    waiting = [d for d in listed if d["status"] == drafts.SUBMITTED]
    if not waiting:
        st.caption(_("No draft is waiting for a review."))
        return
    by_id = {d["draft"]: d for d in waiting}
    chosen = st.selectbox(_("Draft to review"), list(by_id), key="review_draft",
                          format_func=lambda d: f"{d} · {by_id[d]['submitted_by']} · {by_id[d]['file']}")
    draft = by_id[chosen]
    _describe(draft)
    found = _draft_preview(draft)
    if found.problems or not found.ok:
        st.warning(_("On the current version this draft has problems (the data changed since it was submitted); "
                     "return it."))
        show_problems(found.problems)
    else:
        show_diff(found)
        show_radar(found, "draft")
    _review_buttons(draft, profile, done)
