"""Short reads straight on the driver: a cached SQLAlchemy Core statement, compiled once per store
dialect, run on the unit of work's own DBAPI connection (so inside its transaction).

SQLAlchemy's execution machinery (compiled-cache lookup, execution context, events, result object)
costs more than the query itself for a one-row lookup, and every authenticated read pays it. A
statement prepared here keeps what matters from SQLAlchemy: its SQL for this dialect, the order of
its parameters, and the type conversions of its parameters and result columns (a SQLite DATETIME
column still comes back as a ``datetime``). Only plain bound parameters are taken (no expanding
``IN`` lists, no literal binds); anything else raises at preparation, never silently.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy.sql import Select


@dataclass(frozen=True, slots=True)
class Prepared:
    sql: str
    names: tuple[str, ...]  # parameter names, in the order the driver wants them (positional styles)
    positional: bool
    binds: dict[str, Callable[[Any], Any]]  # parameter name -> conversion to the driver's value
    results: tuple[Callable[[Any], Any] | None, ...]  # per result column: the driver's value -> Python
    defaults: dict[str, Any]  # values the statement carries itself (a LIMIT, a literal compared to)

    def parameters(self, values: dict[str, Any]):
        values = {**self.defaults, **values}
        converted = {name: (self.binds[name](values[name]) if name in self.binds else values[name])
                     for name in self.names}
        return tuple(converted[n] for n in self.names) if self.positional else converted


_prepared: dict[tuple[int, str], tuple[Select, Prepared]] = {}
_lock = threading.Lock()


def prepare(statement: Select, dialect) -> Prepared:
    """``statement`` compiled for ``dialect``, once (statements are module-level constants)."""
    key = (id(statement), dialect.name)
    found = _prepared.get(key)
    if found is not None and found[0] is statement:
        return found[1]
    compiled = statement.compile(dialect=dialect)
    if getattr(compiled, "post_compile_params", None) or getattr(compiled, "literal_execute_params", None):
        raise ValueError("fast_reads takes plain bound parameters only")
    names = tuple(compiled.positiontup) if compiled.positional else tuple(compiled.binds)
    binds = {}
    for name in names:
        processor = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            binds[name] = processor
    results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                    for column in statement.selected_columns)
    defaults = {name: compiled.binds[name].value for name in names
                if not compiled.binds[name].required and compiled.binds[name].value is not None}
    prepared = Prepared(compiled.string, names, bool(compiled.positional), binds, results, defaults)
    with _lock:
        _prepared[key] = (statement, prepared)  # the statement is kept alive, so its id stays its own
    return prepared


def rows(connection, statement: Select, values: dict[str, Any]) -> list[tuple]:
    """Every row of ``statement`` with ``values`` bound, on ``connection`` (a SQLAlchemy Connection
    in a transaction), as tuples of Python values."""
    p = prepare(statement, connection.dialect)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(p.sql, p.parameters(values))
        fetched = cursor.fetchall()
    finally:
        cursor.close()
    if not any(p.results):
        return [tuple(r) for r in fetched]
    processors = p.results
    return [tuple(f(v) if f is not None else v for f, v in zip(processors, r)) for r in fetched]
