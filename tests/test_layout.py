"""Names a newcomer can tell apart (#18): no two modules of the package share a name (the
name matcher and the name fixer were both ``names.py``), and no public constant means two
things in two modules (``KNOWN`` was a Zipf threshold in one and a sentinel in another)."""

import ast
import collections
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "posteditor"


def test_no_two_modules_share_a_name():
    stems = collections.defaultdict(list)
    for path in PACKAGE.rglob("*.py"):
        if path.name != "__init__.py":
            stems[path.stem].append(str(path.relative_to(PACKAGE)))
    assert {stem: paths for stem, paths in stems.items() if len(paths) > 1} == {}


def test_no_public_constant_is_defined_in_two_modules():
    where = collections.defaultdict(list)
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper() and not target.id.startswith("_"):
                    where[target.id].append(str(path.relative_to(PACKAGE)))
    assert {name: paths for name, paths in where.items() if len(set(paths)) > 1} == {}
