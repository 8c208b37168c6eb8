"""docs/rules.md shows the option tables and examples generated from the kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from phrasecheck.kinds import reference

RULES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date():
    text = RULES_MD.read_text(encoding="utf-8")
    assert reference.update(text) == text, "run: python -m phrasecheck.kinds.reference --write docs/rules.md"


def test_check_and_write_bring_a_stale_file_up_to_date_keeping_the_prose(tmp_path):
    stale = tmp_path / "rules.md"
    stale.write_text(RULES_MD.read_text(encoding="utf-8").replace("| `unless` |", "| `unles` |"),
                     encoding="utf-8")
    assert reference.main(["--check", str(stale)]) == 1
    assert reference.main(["--write", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == RULES_MD.read_text(encoding="utf-8")
    assert reference.main(["--check", str(stale)]) == 0


def test_every_section_needs_its_place():
    text = RULES_MD.read_text(encoding="utf-8")
    without = text.replace("<!-- generated: kind timing -->", "<!-- timing -->")
    with pytest.raises(ValueError, match="no place for: <!-- generated: kind timing -->"):
        reference.update(without)
    with pytest.raises(ValueError, match="unknown generated sections: kind nosuch"):
        reference.update(text + "<!-- generated: kind nosuch -->\n<!-- end generated -->\n")
