"""Models whose fields are documented by the docstring written right below each field.

A field's docstring becomes its ``description`` (in the JSON Schema, the field reference
and the explanations of problems), as with pydantic's ``use_attribute_docstrings``. That
option finds and parses each class's source on its own as the class is made (a walk up the
stack, tokenizing the class, parsing it twice): some 40 ms at every start for the scenario
models alone, before the app's first frame. :class:`Documented` parses each module once.

The descriptions must be in place before a model's schema is built, so a documented model
builds it when first used (``defer_build``) rather than as its class is made: on the first
validation, the whole scenario's at once.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
from typing import Any

from pydantic import BaseModel, ConfigDict

_DOCS: dict[str, dict[tuple[str, int], dict[str, str]]] = {}
"""By file: the field docstrings of each class, by its name and each line it starts on."""


class Documented(BaseModel):
    """Base of the models documented by the docstring below each field."""

    model_config = ConfigDict(defer_build=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Describe each field without a description by its docstring, if it has one."""
        super().__pydantic_init_subclass__(**kwargs)
        docs = field_docstrings(cls)
        for name, info in cls.model_fields.items():
            if info.description is None and name in docs:
                info.description = docs[name]


def field_docstrings(cls: type[Any]) -> dict[str, str]:
    """The docstring below each field of *cls*, by field name, read as pydantic reads them.

    Called while *cls* is being made: the class statement is the line being run by the
    nearest frame of the class's module (the module itself, or a function in it).
    """
    module = sys.modules.get(cls.__module__)
    frame = sys._getframe(1)
    while frame is not None and module is not None:
        if frame.f_globals is module.__dict__:
            found = _file_docs(frame.f_code.co_filename, frame.f_globals).get(
                (cls.__name__, frame.f_lineno))
            if found is not None:
                return found
        frame = frame.f_back  # type: ignore[assignment]
    return {}


def _file_docs(filename: str, module_globals: dict[str, Any],
               ) -> dict[tuple[str, int], dict[str, str]]:
    """The field docstrings of every class in *filename* (see :data:`_DOCS`)."""
    found = _DOCS.get(filename)
    if found is None:
        found = {}
        try:
            tree = ast.parse("".join(linecache.getlines(filename, module_globals)))
        except (SyntaxError, ValueError):
            tree = ast.Module(body=[], type_ignores=[])
        for node in _classes(tree):
            visitor = _Visitor()
            visitor.generic_visit(node)
            for line in (node.lineno, *(d.lineno for d in node.decorator_list)):
                found[node.name, line] = visitor.attrs
        _DOCS[filename] = found
    return found


def _classes(tree: ast.Module) -> list[ast.ClassDef]:
    """Every class statement in *tree*, at any depth of statements.

    A tenth of the time of ``ast.walk``, which also walks every expression.
    """
    found: list[ast.ClassDef] = []
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.ClassDef):
            found.append(node)
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            todo.extend(getattr(node, name, ()))
    return found


class _Visitor(ast.NodeVisitor):
    """A string statement right after an annotated name documents that name.

    The same reading as pydantic's own (``pydantic._internal._docs_extraction``): nested
    classes and functions are not looked into.
    """

    def __init__(self) -> None:
        super().__init__()
        self.target: str | None = None
        self.attrs: dict[str, str] = {}
        self.previous: type[ast.AST] | None = None

    def visit(self, node: ast.AST) -> Any:
        result = super().visit(node)
        self.previous = type(node)
        return result

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:  # noqa: N802 (ast's names)
        if isinstance(node.target, ast.Name):
            self.target = node.target.id

    def visit_Expr(self, node: ast.Expr) -> None:  # noqa: N802
        if (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                and self.previous is ast.AnnAssign):
            if self.target:
                self.attrs[self.target] = inspect.cleandoc(node.value.value)
            self.target = None

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802
        pass

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802
        pass

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:  # noqa: N802
        pass
