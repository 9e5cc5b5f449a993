"""Source adapters: each module turns one publisher's original files into the tidy long frame of radar.schema.

Contract of an adapter module (see radar/ingest/base.py):
- SOURCE: a `Source` with the publisher's metadata (id = folder name under data/raw/).
- recognise(path) -> bool: True when the file is a release of this publisher (by content, not by name).
- read(paths) -> pd.DataFrame: the tidy frame (radar.schema.TIDY_COLUMNS) for the WB6 and EU-27 rows
  found in `paths` (all files of one source, e.g. every file in data/raw/<id>/).
A new source is one new module listed in ADAPTERS.
"""

from __future__ import annotations

from radar.ingest import gitoc_ocindex, ti_cpi, wb_wgi, wjp_rol

ADAPTERS = (gitoc_ocindex, wb_wgi, ti_cpi, wjp_rol)
