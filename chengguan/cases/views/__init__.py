"""The staff console's case pages and the public follow-up page (see chengguan/cases/urls.py)."""
