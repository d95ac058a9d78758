"""Benchmarks (not tests): a synthetic city at scale, and scenarios measured against floors taken in the
same run on the same server. `python -m bench --help`; `make bench` (quick) and `make bench-full`."""
