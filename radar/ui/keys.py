"""Every key the Radar keeps in `st.session_state`, named in one place (widget keys are made by radar.ui.state
as `w_<url key>` or `w_<scope>_<url key>`)."""

VIEW = "_view"  # URL key (or scope:key) -> current value; persists across pages
DEFAULTS = "_defaults"  # URL key -> (default, serialise, slot) of the keys in use in this run
NOTICES = "_notices"  # notices about the link, shown once
UNKNOWN_REPORTED = "_unknown_reported"  # unknown link parameters were reported once this session
PRESENT_OFFSETS = "_present_offsets"  # presenter mode: slide index -> years stepped with the arrow keys
PRESENT_QR = "_present_qr"  # presenter mode: the QR code of the view's link is shown (key Q)
EDITOR = "_editor"  # the signed-in editor's name (radar.ui.auth)
LOGIN_FAILURES = "_login_failures"  # times of this session's failed password attempts (radar.ui.auth)
PUBLISH_PREVIEW = "_publish_preview"  # Publish page: (upload key, prepared import)
PUBLISH_DONE = "_publish_done"  # Publish page: the message of the last publish or restore
PUBLISH_UPLOADS = "_publish_uploads"  # Publish page: count of finished uploads (a new uploader after each)
DRAFT_PREVIEW = "_draft_preview"  # Publish page: (draft id, current version, prepared import) of the draft shown
METHOD_TAB = "_method_tab"  # Methodology page: the open tab (only its content is drawn and sent)
DECK_MENU = "_deck_menu"  # sidebar: whether the presentation deck expander is open (its content is drawn only then)
NAV_PAGES = "_nav_pages"  # the session's navigation pages and the language they were made in
