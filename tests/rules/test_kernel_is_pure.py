"""The rule kernel stays at the bottom of the house: no Django, no app of ours (DESIGN.md, issue 14)."""

import ast
import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "src" / "serviceladder" / "rules"


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_every_kernel_module_imports_only_the_standard_library_and_the_kernel():
    files = sorted(RULES.glob("*.py"))
    assert len(files) >= 8, files
    for path in files:
        ours = {m for m in _imported_modules(path) if m.split(".")[0] in ("serviceladder", "django")}
        outside = {m for m in ours if not m.startswith("serviceladder.rules")}
        assert not outside, f"{path.name} imports {sorted(outside)}"


def test_loading_the_whole_kernel_loads_no_django():
    modules = ", ".join(
        f"serviceladder.rules.{p.stem}" for p in sorted(RULES.glob("*.py")) if p.stem != "__init__"
    )
    code = f"import sys, {modules}; assert not [m for m in sys.modules if m.split('.')[0] == 'django']"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=RULES.parents[1])
