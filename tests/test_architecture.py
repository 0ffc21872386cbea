"""Rules of the house that code review alone would let slip."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ("models", "services", "text")


def test_domain_packages_import_no_pyside6_in_source() -> None:
    offenders = []
    for package in DOMAIN + ("sync", "reports"):
        for path in (ROOT / "desktop" / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "PySide6"]
    assert offenders == []


def test_importing_the_domain_loads_no_qt() -> None:
    code = ("import sys, desktop.models, desktop.services.store, desktop.services.demo, "
            "desktop.services.export, desktop.services.queries, desktop.text.calendar; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_shared_entities_have_text_uuid_keys_and_no_autoincrement() -> None:
    from sqlalchemy import String

    from desktop.models import SHARED_MODELS

    for model in SHARED_MODELS:
        key = model.__table__.c.id
        assert isinstance(key.type, String) and key.type.length == 36, model
        assert not key.autoincrement is True, model


def test_the_gui_starts_without_sqlalchemy() -> None:
    """The board's first paint needs plain sqlite3 only: SQLAlchemy (~0.4 s to import) and
    Alembic load with the first write or migration."""
    code = ("import sys, desktop.app, desktop.views.mainwindow; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'reportlab', 'psycopg'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
    return names


def test_views_reach_the_database_only_through_the_context() -> None:
    """Views never import the app (they are handed an AppContext) nor sqlite3 (queries live in
    services and run on the worker)."""
    offenders = [f"{path.relative_to(ROOT)}: {name}" for path in (ROOT / "desktop" / "views").rglob("*.py")
                 for name in _imports(path) if name.split(".")[0] == "sqlite3" or name.startswith("desktop.app")]
    assert offenders == []


def test_the_command_line_imports_no_view() -> None:
    offenders = [name for name in _imports(ROOT / "desktop" / "cli.py") if name.startswith("desktop.views")]
    assert offenders == []
