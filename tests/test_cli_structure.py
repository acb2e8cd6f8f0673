"""The CLI is a package of one module per command group, with no import cycle among them."""

import ast
from pathlib import Path

import readinglist.cli
from readinglist.cli import COMMAND_GROUPS, build_parser

CLI = Path(readinglist.cli.__file__).parent


def _imports_within_cli(path: Path) -> set[str]:
    """The sibling modules of readinglist/cli that `path` imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                names.add(node.module.split(".")[0])
            else:
                names.update(alias.name for alias in node.names)
    return names


def test_cli_modules_import_no_cycle():
    graph = {p.stem: _imports_within_cli(p) - {"__init__"} for p in CLI.glob("*.py") if p.stem != "__init__"}
    assert graph, "the CLI package has no command modules"
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join((*path, name))}"
        if name in done or name not in graph:
            return
        for imported in graph[name]:
            visit(imported, (*path, name))
        done.add(name)

    for module in graph:
        visit(module, ())


def test_no_command_module_imports_the_package_entry():
    # `from . import main` or `from readinglist.cli import ...` inside a command module is how cycles start.
    for path in CLI.glob("*.py"):
        if path.stem == "__init__":
            continue
        text = path.read_text(encoding="utf-8")
        assert "readinglist.cli import" not in text, path.name
        assert "from . import main" not in text, path.name


def test_every_command_group_adds_its_commands_once():
    parser = build_parser()
    [sub] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    names = list(sub.choices)
    assert len(names) == len(set(names))
    assert {"import", "show", "review", "validate", "export", "session", "git-setup", "merge-driver", "dedupe", "fetch-arxiv"} <= set(names)
    assert all(hasattr(group, "add_commands") for group in COMMAND_GROUPS)
