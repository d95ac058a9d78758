"""Campaign templates drawn from the seeds, as data files: wujin (五进, seed 003, written in traditional
Chinese, stored in simplified, the interface's script; its checklist items name the kind of unit they
apply to), jizhen (文明生态集镇, seed 002 text 2's nine standards) and chengxin (文明诚信单位/文明和谐社区,
seed 002 text 6 with its quota and awards)."""

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent / "data"
KEYS = ("wujin", "jizhen", "chengxin")


@cache
def load(key: str) -> dict:
    if key not in KEYS:
        raise KeyError(key)
    return json.loads((HERE / f"{key}.json").read_text(encoding="utf-8"))


def choices() -> list[tuple[str, str]]:
    return [(key, load(key)["name"]) for key in KEYS]
