"""Publish data (editors only): download the template, upload a file, see what it is, every problem, the diff and the
radar as it would look; publish it with a reason; every version listed, any one restored in one click. Once
organisations are configured, the network's own scores are submitted for review instead, and the drafts are
reviewed here by an editor of another organisation (radar.ui.review)."""

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from radar import settings, versions
from radar.i18n import _
from radar.ingest import template, template_files
from radar.publish import editors, files, pipeline, preview
from radar.text import plain
from radar.ui import auth, keys, review, sources_panel
from radar.ui.context import PageContext

PREVIEW_KEY = keys.PUBLISH_PREVIEW  # (file key, Preview) of the last upload
DONE_KEY = keys.PUBLISH_DONE  # message of the last publish, submission, review or restore, shown once
UPLOADS_KEY = keys.PUBLISH_UPLOADS  # bumped after a publish or submission, to empty the uploader


def _template_downloads() -> None:
    st.subheader(_("1. Download the template"))
    st.markdown(_("Fill in the network's own scores (one row per country, year and indicator, each with its "
                  "evidence) and, for a new indicator, its definition. Publishers' files (GI-TOC, WGI, CPI, WJP) are "
                  "uploaded as released, no template needed."))
    guide = settings.ROOT / "docs" / "IMPORT_TEMPLATE.md"
    if guide.is_file():
        with st.expander(_("How to fill in the template, and what is checked")):
            st.markdown(guide.read_text(encoding="utf-8"))
    downloads = [("wb-ocr-template.xlsx", _("Excel template"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
             ("wb-ocr-template.csv", _("CSV template (scores)"), "text/csv"),
             ("wb-ocr-template-indicators.csv", _("CSV template (indicators)"), "text/csv")]
    for column, (name, label, mime) in zip(st.columns(len(downloads)), downloads):
        path = settings.TEMPLATES_DIR / name
        payload = path.read_bytes() if path.is_file() else template_files.TEMPLATE_FILES[name]()
        column.download_button(label, payload, file_name=name, mime=mime, icon=":material/download:",
                               key=f"download_{name}")


def _prepared(name: str, payload: bytes, allow_older: bool = False) -> pipeline.Preview:
    """The preview of an upload against the current version (kept in the session until either changes)."""
    key = (hashlib.sha256(payload).hexdigest(), files.safe_name(name), versions.current_version(), allow_older)
    cached = st.session_state.get(PREVIEW_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    with tempfile.TemporaryDirectory(prefix="radar-upload-") as folder:
        path = Path(folder) / files.safe_name(name)
        path.write_bytes(payload)
        with st.spinner(_("Reading and checking {name}...").format(name=plain(path.name))):
            result = pipeline.prepare(path, path.name, allow_older=allow_older)
    st.session_state[PREVIEW_KEY] = (key, result)
    return result


def _show_recognised(found: pipeline.Preview) -> None:
    facts = found.facts
    st.markdown(_("**Recognised:** {label}").format(label=found.label))  # the app's own label, never data
    st.caption(" · ".join(plain(part) for part in [facts.name, f"{facts.size:,} bytes", f"SHA-256 {facts.sha256}",
                                                   *found.notes]))


def _show_problems(found: pipeline.Preview) -> None:
    review.show_problems(found.problems)


def _edition_confirmed(found: pipeline.Preview) -> bool:
    """Say why an older edition or a corrected re-release needs a confirmation; True once the editor confirms."""
    edition, diff = found.edition, found.diff
    assert edition is not None and diff is not None
    words = dict(source=plain(edition.source), file=plain(edition.file_edition), radar=plain(edition.radar_edition))
    if edition.corrected:
        st.warning(_("**A corrected re-release.** This file holds the {source} edition {file}, the same edition as in "
                     "the Radar ({radar}), but some of its values differ.").format(**words), icon=":material/edit:")
        label = _("Yes, publish the corrected values of this edition")
    else:
        st.warning(_("**An older edition.** This file holds the {source} edition {file}, older than the edition in "
                     "the Radar ({radar}). Publishing it puts the older edition's values and label back.").format(
                         **words), icon=":material/history:")
        label = _("Yes, go back to the older edition")
    counts = diff.counts()
    st.caption(_("Rows changed: {c} · removed: {r} · added: {a} · relabelled (equal values, the file's edition): "
                 "{n}").format(c=counts["changed"], r=counts["removed"], a=counts["added"], n=len(diff.relabelled)))
    return st.checkbox(label, key=f"publish_confirm_{found.facts.sha256[:16]}")


def _publish_form(found: pipeline.Preview, name: str, payload: bytes, editor: str) -> None:
    assert found.diff is not None
    st.subheader(_("Publish"))
    if found.diff.empty:
        st.info(_("This file matches the current version: there is nothing to publish."))
        return
    reason = st.text_area(_("Why is this published? (kept with the version)"), key="publish_reason",
                          placeholder=_("e.g. CPI 2026 release; network assessment 2025, agreed by all six"))
    if not st.button(_("Publish as a new version"), type="primary", disabled=not reason.strip(),
                     key="publish_button", icon=":material/publish:"):
        return
    with tempfile.TemporaryDirectory(prefix="radar-upload-") as folder:
        path = Path(folder) / files.safe_name(name)
        path.write_bytes(payload)
        try:
            confirmed = found.edition is not None and found.edition.confirmed
            manifest = pipeline.publish(path, path.name, editor, reason, allow_older=confirmed)[1]
        except pipeline.PublishRejected as exc:
            st.session_state[PREVIEW_KEY] = (None, exc.preview)
            _show_problems(exc.preview)
            return
        except (pipeline.NothingToPublish, versions.VersionError, ValueError) as exc:
            st.error(plain(exc))
            return
    _finished(_("Published version {v} (was {p}). Every page shows it from now on.").format(
        v=manifest["version"], p=manifest["parent"]))


def _finished(message: str) -> None:
    """After a publish, a submission or a review: say so once, empty the uploader, draw the page again."""
    st.session_state[DONE_KEY] = message
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state[UPLOADS_KEY] = st.session_state.get(UPLOADS_KEY, 0) + 1
    st.rerun()


def _profile(editor: str) -> editors.Profile | None:
    """The editor's organisation and countries (None, with the reason shown, when the secrets are inconsistent)."""
    try:
        return auth.current_profile(editor)
    except ValueError as exc:
        st.error(_("Your editor entry cannot be used for the network's scores: {e}").format(e=exc))
        return None


def _upload(editor: str) -> None:
    st.subheader(_("2. Upload a file"))
    uploaded = st.file_uploader(
        _("A filled-in template (.xlsx or .csv) or a publisher's release as downloaded (.xlsx, .json, .jsonl)"),
        key=f"publish_upload_{st.session_state.get(UPLOADS_KEY, 0)}",
        # The browser refuses larger files; the server itself refuses them through server.maxUploadSize in
        # .streamlit/config.toml (the same limit, in MiB), whichever page is open: tests/security checks both agree.
        max_upload_size=settings.MAX_IMPORT_BYTES // 2**20,
        help=_("Limit {mb:.0f} MB. Nothing is written until you press Publish.").format(
            mb=settings.MAX_IMPORT_BYTES / 1e6))
    if uploaded is None:
        return
    payload = uploaded.getvalue()
    try:
        found = _prepared(uploaded.name, payload)
    except Exception as exc:  # noqa: BLE001 - a bad upload never crashes the page
        st.error(_("The file could not be checked: {e}. Nothing was written.").format(e=plain(exc)))
        return
    _show_recognised(found)
    if found.needs_confirmation:
        if not _edition_confirmed(found):
            return
        found = _prepared(uploaded.name, payload, allow_older=True)
    reviewed = auth.editors().review_required and found.recognised == template.KIND
    profile = _profile(editor) if reviewed else None
    if reviewed and profile is None:
        return
    outside = review.outside_rows(uploaded.name, payload, profile) if profile is not None else []
    if outside or found.problems or not found.ok:
        review.show_problems([*outside, *found.problems])
        return
    st.success(_("No problems found."), icon=":material/check_circle:")
    review.show_diff(found)
    review.show_radar(found)
    if profile is not None:
        review.submit_form(found, uploaded.name, payload, profile, _finished)
    else:
        _publish_form(found, uploaded.name, payload, editor)


def _versions(editor: str) -> None:
    st.subheader(_("3. Versions"))
    listed = versions.list_versions()
    st.dataframe(preview.versions_frame(listed[::-1]), hide_index=True, width="stretch")
    reason = st.text_input(_("Reason for a restore (kept in the history)"), key="restore_reason")
    for v in listed[::-1]:
        left, right = st.columns([5, 1])
        shown = (plain(v.get(k) or "-") for k in ("created_at", "who", "file"))
        label = f"**{plain(v['version'])}** · " + " · ".join(shown)
        left.markdown(label + (" · " + _("current") if v["current"] else ""))
        if not v["current"] and right.button(_("Restore"), key=f"restore_{v['version']}", icon=":material/restore:"):
            try:
                versions.restore(v["version"], editor, reason.strip() or _("restored from the Publish page"))
            except versions.VersionError as exc:
                st.error(plain(exc))
                continue
            st.session_state[DONE_KEY] = _("Version {v} is current again.").format(v=v["version"])
            st.session_state.pop(PREVIEW_KEY, None)
            st.rerun()


def render(ctx: PageContext) -> None:
    st.title(_("Publish data"))
    st.caption(_("For the network's editors: bring a new edition of scores or a publisher's new release into the "
                 "Radar. Every version is kept; any earlier one can be restored."))
    editor = auth.login_gate()
    if editor is not None:
        auth.logout_control(editor)
        if DONE_KEY in st.session_state:
            st.success(st.session_state.pop(DONE_KEY), icon=":material/check_circle:")
        st.subheader(_("Editions at a glance"))
        sources_panel.sources_panel(for_editors=True)
        _template_downloads()
        _upload(editor)
        if auth.editors().review_required:
            profile = _profile(editor)
            if profile is not None:
                review.drafts_section(profile, _finished)
        _versions(editor)
