"""The package's shape: stages in layers, no import cycle, no module importing from a layer above.

Run alone with ``.venv/bin/pytest tests/test_architecture.py``; it reads the source as text (AST),
it imports nothing of the pipeline."""
from __future__ import annotations

import ast
from pathlib import Path


PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# Lower layers never import higher ones. Same-layer imports are allowed inside one folder only.
LAYERS = {
    "pipeline.model": 0, "pipeline.datafiles": 0, "pipeline.version": 0,
    "pipeline.lang": 1,
    "pipeline.pdf": 2,
    "pipeline.facts": 3,
    "pipeline.batch": 4,
    "pipeline.quality": 5, "pipeline.views": 5,
    "pipeline.api": 6,
    "pipeline": 7, "pipeline.cli": 7, "pipeline.__main__": 8,
}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> int:
    best = None
    for prefix, rank in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, rank)
    assert best, f"{module} is in no layer: add its folder to LAYERS"
    return best[1]


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported pipeline module, line, inside a function) for every import of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("pipeline"):
                for alias in child.names:
                    candidate = f"{child.module}.{alias.name}"
                    target = candidate if _exists(candidate) else child.module
                    found.append((target, child.lineno, in_function))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("pipeline"):
                        found.append((alias.name, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def _exists(module: str) -> bool:
    rel = Path(*module.split("."))
    return (PACKAGE.parent / rel).with_suffix(".py").exists() or (PACKAGE.parent / rel / "__init__.py").exists()


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
# A submodule import ("from pipeline.pdf import ocr") also runs the folder's __init__; those are
# docstrings only, so the edge that matters is to the module itself.
GRAPH = {name: sorted({t for t, _, in_function in imports(path)
                       if t in MODULES and t != name and not (name in {"pipeline"} and in_function)})
         for name, path in MODULES.items()}


def test_every_module_sits_in_a_layer():
    for name in MODULES:
        layer(name)


def test_no_module_imports_from_a_layer_above_it():
    wrong = [f"{name} -> {target}" for name, targets in GRAPH.items() for target in targets
             if layer(target) > layer(name) and not _is_package_of(target, name)]
    assert wrong == []


def _is_package_of(target: str, name: str) -> bool:
    return name.startswith(target + ".")


def test_layers_of_equal_rank_do_not_import_each_other():
    def folder(m: str) -> str:
        return ".".join(m.split(".")[:2])
    wrong = [f"{name} -> {target}" for name, targets in GRAPH.items() for target in targets
             if layer(target) == layer(name) and folder(target) != folder(name) and layer(name) > 0
             and not _is_package_of(target, name) and not _is_package_of(name, target)]
    assert wrong == []


def test_there_is_no_import_cycle():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            strongconnect(v)
    assert cycles == []


# The package's lazy __getattr__ (PEP 562) is the one stated exception: importing a stage module
# must not load the whole API.
LAZY = {"pipeline"}


def test_no_pipeline_module_is_imported_inside_a_function():
    # Imports inside functions hid the old layout <-> tables cycle. Heavy third-party libraries
    # (spaCy, Tesseract, pdfium, DuckDB) may still be imported where they are used.
    inner = [f"{MODULES[name].relative_to(PACKAGE.parent)}:{line} {target}"
             for name in MODULES if name not in LAZY
             for target, line, in_function in imports(MODULES[name]) if in_function]
    assert inner == []


def test_top_level_holds_only_a_handful_of_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 7, top
