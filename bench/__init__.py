"""Benchmarks of the WB-OCR Radar (issue 7): each part measures the app against a baseline taken in the same run.

Run with `make bench` or `python -m bench` (`--quick` for a short check, `--part NAME` for one part); results
land in bench/RESULTS.md, scratch data (synthetic warehouses, recordings, server logs) in bench/results/
(never committed). Never part of the tests: pytest collects tests/ only.

Parts: rerun (server time of a rerun vs a floor app), browser (first view in headless Chromium vs the floor),
growth (DuckDB store vs pandas on synthetic warehouses up to 10 million rows), concurrency (1/10/50 websocket
sessions against one server), payload (bytes per page sent to the browser).
"""
