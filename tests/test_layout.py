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


def test_the_flat_package_holds_only_the_entry_points():
    flat = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "cli.py", "errors.py"]
    for layer in ("text", "engine", "knowledge", "fileformats", "check", "evaluation", "review", "scale"):
        assert (PACKAGE / layer / "__init__.py").read_text(encoding="utf-8").startswith('"""')


def test_old_module_names_still_import_as_the_same_module_with_a_warning():
    import importlib
    import sys
    import warnings

    from posteditor.text import edits

    sys.modules.pop("posteditor.edits", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = importlib.import_module("posteditor.edits")
    assert old is edits
    assert any(issubclass(w.category, DeprecationWarning) and "posteditor.text.edits" in str(w.message)
               for w in caught)


# Bottom to top: a module imports only from layers before its own.
LAYERS = ["errors", "text", "knowledge", "fixers", "engine", "fileformats", "check", "evaluation", "model",
          "review", "scale", "cli", "__init__"]
# The benchmark loads the model stage that one of its strategies names (model training, below
# it, scores its dev set with the evaluation layer's scorer).
UPWARD_ALLOWED = {("evaluation", "model")}


def _imported_layers(path: Path) -> set[str]:
    parts = path.relative_to(PACKAGE).parts
    module = ["posteditor", *parts[:-1]] + ([] if parts[-1] == "__init__.py" else [parts[-1][:-3]])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module[: len(module) - node.level] if parts[-1] != "__init__.py" else module[: len(module) - node.level + 1]
                full = base + (node.module.split(".") if node.module else [])
            else:
                full = (node.module or "").split(".")
        elif isinstance(node, ast.Import):
            full = node.names[0].name.split(".")
        else:
            continue
        if full[0] == "posteditor" and len(full) > 1:
            found.add(full[1])
    return found


def test_layers_import_only_downward():
    upward = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        layer = parts[0] if len(parts) > 1 else parts[0][:-3]
        for other in _imported_layers(path) - {layer}:
            if LAYERS.index(other) > LAYERS.index(layer):
                upward.add((layer, other, str(path.relative_to(PACKAGE))))
    assert {(a, b, where) for a, b, where in upward if (a, b) not in UPWARD_ALLOWED} == set()
