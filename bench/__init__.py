"""Benchmarks: `python -m bench NAME` (or `ringdesk bench NAME`).

Every figure ends in one line ``BENCH <figure> value=<v> unit=<u> baseline=<b> ratio=<v/b>``
with the baseline measured in the same run.
"""
