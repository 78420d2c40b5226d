"""Check the engine tests have teeth: flip each comparison in the clause code, one at a time, and run them.

`python bench/flip_comparisons.py` — every flip (>= to >, > to >=, <= to <, < to <=, and the four entries
of the policy comparison table) must make tests/eligibility fail. Restores each file after every run;
do not edit or commit the engine while it runs.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "src/serviceladder/rules/clauses.py", ROOT / "src/serviceladder/rules/periods.py"]
FLIP = {">=": ">", ">": ">=", "<=": "<", "<": "<="}
TABLE = [
    ('">=": operator.ge', '">=": operator.gt'),
    ('"<=": operator.le', '"<=": operator.lt'),
    ('">": operator.gt', '">": operator.ge'),
    ('"<": operator.lt', '"<": operator.le'),
]


def _tests_fail() -> bool:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "tests/eligibility"]
    return subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env).returncode != 0


def _mutants(path: Path):
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.OP and tok.string in FLIP:
            row, col = tok.start
            line = lines[row - 1]
            mutated = lines[:]
            mutated[row - 1] = line[:col] + FLIP[tok.string] + line[col + len(tok.string) :]
            yield f"{path.name}:{row}: {tok.string} -> {FLIP[tok.string]}", "".join(mutated)
    for old, new in TABLE:
        if old in source:
            yield f"{path.name}: {old} -> {new}", source.replace(old, new)


def main() -> int:
    survived = total = 0
    for path in FILES:
        original = path.read_text(encoding="utf-8")
        try:
            for label, text in _mutants(path):
                path.write_text(text, encoding="utf-8")
                caught = _tests_fail()
                path.write_text(original, encoding="utf-8")
                total += 1
                survived += not caught
                print(f"{'caught  ' if caught else 'SURVIVED'} {label}", flush=True)
        finally:
            path.write_text(original, encoding="utf-8")
    print(f"{total} flipped comparisons, {survived} survived")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
