"""Publishing new editions: read an uploaded file, say what it is, validate it, diff it against the current
version and write it as a new version (radar.versions).

Modules, in the order a file goes through them:
- problems: the one shape every validation error takes (file, sheet, row, column, message);
- files: checks of the file itself (size, empty, what its bytes really are, Excel formulas without values);
- validate: the template's rows -> typed rows, and a publisher release's rows, with every problem at once;
- tables: the candidate warehouse tables (a release replaces its source's rows; the template upserts);
- diff: added / changed (old and new values) / removed observations between two versions;
- pipeline: prepare(file) -> Preview, and publish(file) under the versions lock;
- editors: who may write (editors in the secrets file, salted password hashes) without Streamlit.
This package imports nothing at package level, so that radar.ingest.template can use radar.publish.problems.
"""
