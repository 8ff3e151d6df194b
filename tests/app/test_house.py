"""The house's rules, checked by machine (STYLE.md, "The house").

Import rules between modules are import-linter contracts in pyproject.toml (`lint-imports`,
run by `make lint`); the tests here run them too, show that a bad import breaks them, and
check the rules that are about names rather than modules: no package uses another's private
names, only the web layer touches Flask's request objects, routes are added only to a
blueprint of the same module and blueprints are registered only by the app factory, and
every module and test file stays small enough to read.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "oversight"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
LONGEST_MODULE = 400
MOST_MODULES = 12
# Modules outside a package's views that are part of the web layer all the same, each
# with the reason it reads the request.
WEB_PLUMBING = {
    "oversight.access": "the deny-by-default check every request passes",
    "oversight.extensions": "the rate limiter's exemption for signed-in staff and reads",
    "oversight.public.tracking": "who may see a tracked complaint, kept in the session",
    "oversight.public.saving": "save and come back later: its pages bind a draft to the session",
    "oversight.auth.session": "the timeout warning: its endpoints and what staff pages tell it",
}
REQUEST_OBJECTS = {"request", "session"}
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete", "before_request"}


def modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path, ast.parse(path.read_text(), filename=str(path))


def package_of(module: str) -> str:
    """oversight.casework.views -> oversight.casework; a top-level module is its own."""
    return ".".join(module.split(".")[:2])


def is_web(module: str) -> bool:
    """A package's web layer: its views (and admin pages), a `web` sub-package, the API's
    HTTP modules, the app-wide oversight.web, and the plumbing named above."""
    parts = module.split(".")
    return (
        parts[-1] in {"views", "admin"}
        or "web" in parts
        or (parts[:2] == ["oversight", "api"] and not {"models", "tokens", "openapi"} & set(parts))
        or module in WEB_PLUMBING
    )


def imports_from(tree: ast.Module) -> Iterator[ast.ImportFrom]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node


def test_the_import_contracts_are_kept():
    result = subprocess.run(  # noqa: S603  (our own venv's lint-imports, fixed arguments)
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_view_imported_by_another_package_breaks_the_contracts(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "oversight", ignore=shutil.ignore_patterns("static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    services = tmp_path / "oversight" / "links" / "services.py"
    services.write_text(services.read_text() + "\nfrom oversight.casework import views\n")
    result = subprocess.run(  # noqa: S603  (our own venv's lint-imports, fixed arguments)
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": str(LINT_IMPORTS.parent)},
    )
    assert result.returncode != 0
    assert "oversight.links.services -> oversight.casework.views" in result.stdout


def test_no_package_uses_another_packages_private_names():
    found = []
    for module, path, tree in modules():
        for node in imports_from(tree):
            if not node.module.startswith("oversight") or package_of(node.module) == package_of(
                module
            ):
                continue
            private = [alias.name for alias in node.names if alias.name.startswith("_")]
            private += [part for part in node.module.split(".") if part.startswith("_")]
            if private:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module} {private}")
    assert found == []


def test_only_the_web_layer_touches_flasks_request_objects():
    found = []
    for module, path, tree in modules():
        if is_web(module):
            continue
        for node in imports_from(tree):
            names = {alias.name for alias in node.names}
            if node.module == "flask" and names & REQUEST_OBJECTS:
                found.append(
                    f"{path.relative_to(ROOT)}:{node.lineno} {sorted(names & REQUEST_OBJECTS)}"
                )
    assert found == []


def _blueprints_of(tree: ast.Module) -> set[str]:
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", None) == "Blueprint"
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def test_routes_are_added_only_to_a_blueprint_of_the_same_module():
    found = []
    for _module, path, tree in modules():
        own = _blueprints_of(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if (
                    isinstance(call, ast.Attribute)
                    and call.attr in ROUTE_DECORATORS
                    and isinstance(call.value, ast.Name)
                    and call.value.id not in own | {"app"}
                ):
                    found.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} @{call.value.id}.{call.attr}"
                    )
    assert found == []


def test_only_the_app_factory_registers_blueprints():
    found = []
    for module, path, tree in modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "register_blueprint"
                and module != "oversight"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_every_blueprint_is_registered_by_the_app_factory(app):
    declared = set()
    for _module, _path, tree in modules():
        for node in tree.body:
            if isinstance(node, ast.Assign) and getattr(node.value, "func", None) is not None:
                call = node.value
                if getattr(call.func, "id", None) == "Blueprint" and call.args:
                    declared.add(ast.literal_eval(call.args[0]))
    assert declared == set(app.blueprints)


@pytest.mark.parametrize("folder", [PACKAGE, ROOT / "tests"], ids=["oversight", "tests"])
def test_no_module_is_over_400_lines(folder):
    long = {
        str(path.relative_to(ROOT)): lines
        for path in folder.rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert long == {}


def test_no_package_has_more_than_12_modules_at_one_level():
    crowded = {}
    for folder in [PACKAGE, *(p for p in PACKAGE.rglob("*") if p.is_dir())]:
        if not (folder / "__init__.py").exists():
            continue
        count = sum(1 for path in folder.glob("*.py") if path.name != "__init__.py")
        if count > MOST_MODULES:
            crowded[str(folder.relative_to(ROOT))] = count
    assert crowded == {}
