"""The reference part of docs/rules.md, generated from the kinds themselves.

    python -m phrasecheck.kinds.reference --write docs/rules.md    # bring it up to date
    python -m phrasecheck.kinds.reference --check docs/rules.md    # exit 1 if it is not

Generated text sits between `<!-- generated: NAME -->` and `<!-- end generated -->`,
where NAME is `rule-keys` (the keys every rule shares: rule_keys.RULE_KEYS) or
`kind TYPE` (a kind's options table, from its OPTIONS, then its example rules
and cases, from its docstring). Everything outside the markers is prose, kept as
written; every section must have its place in the file.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from types import ModuleType

from . import KINDS, docstring
from .options import Option
from .rule_keys import RULE_KEYS

_SECTION_RE = re.compile(r"(<!-- generated: (?P<name>[^>]*?) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.S)


def sections() -> dict[str, str]:
    """Section name → its Markdown."""
    found = {"rule-keys": options_table(RULE_KEYS)}
    for name, kind in KINDS.items():
        found[f"kind {name}"] = kind_section(kind)
    return found


def options_table(options: dict[str, Option]) -> str:
    rows = ["| key | value | meaning |", "|---|---|---|"]
    for key, option in options.items():
        for name, each in [(key, option), *option.nested(key)]:
            value = each.describe() + (", required" if each.required else "")
            rows.append(f"| `{name}` | {_cell(value)} | {_cell(each.help)} |")
    return "\n".join(rows) + "\n"


def kind_section(kind: ModuleType) -> str:
    parts = [options_table(kind.OPTIONS)]
    for example in docstring.parse(kind.__doc__).examples:
        parts.append(f"```yaml\n{example.rule}\n```\n")
        if example.cases:
            parts.append("```text\n" + "\n".join(case.line for case in example.cases) + "\n```\n")
    return "\n".join(parts)


def update(text: str) -> str:
    """`text` with every generated section brought up to date; raises ValueError
    if a section has no place in it, or it has a place for no known section."""
    wanted = sections()
    placed = {m["name"] for m in _SECTION_RE.finditer(text)}
    if placed - set(wanted):
        raise ValueError(f"unknown generated sections: {', '.join(sorted(placed - set(wanted)))}")
    if set(wanted) - placed:
        missing = sorted(set(wanted) - placed)
        raise ValueError("no place for: " + ", ".join(f"<!-- generated: {name} -->" for name in missing))
    return _SECTION_RE.sub(lambda m: m[1] + "\n" + wanted[m["name"]] + "\n" + m[4], text)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m phrasecheck.kinds.reference", description=__doc__.split("\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the file's generated sections")
    action.add_argument("--check", action="store_true", help="exit 1 if they are not up to date")
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    text = args.file.read_text(encoding="utf-8")
    try:
        current = update(text)
    except ValueError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if current != text:
            print(f"{args.file} is out of date: run python -m phrasecheck.kinds.reference --write {args.file}",
                  file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.file.write_text(current, encoding="utf-8")
        print(f"updated {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
