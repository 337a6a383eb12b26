"""Queries compiled to SQL once per process.

Django turns a queryset into SQL every time it runs one. For the article page's query (the
article, its primary topic and its stored parts) that took about a third of a page view
served from stored parts, ten times what SQLite takes to answer it. `PreparedQuery` has the
ORM compile the queryset once, with placeholder values, and notes where those went among
the SQL's parameters; afterwards it puts the real values there, runs the SQL, and builds
the objects the way Django's own ModelIterable does (same converters, same select_related
populators). tests/test_db.py checks that it gives what the queryset gives.

The SQL it keeps names its parameters (%(p0)s...) and it passes them as a dict: Django's
SQLite back-end finds unnamed %s placeholders with a regular expression on every query,
about 50 microseconds for this one; named ones it replaces by string formatting.

It relies on the compiler's `select` and `klass_info`, which Django documents no more than
ModelIterable does: pyproject.toml pins Django to 5.2.x, and where preparing fails the
query simply runs through the ORM.
"""

import itertools
import logging
import re
from dataclasses import dataclass

from django.db import connections, router
from django.db.models.query import get_related_populators

logger = logging.getLogger(__name__)

# An unnamed placeholder, as Django's SQLite back-end finds them (FORMAT_QMARK_REGEX).
PLACEHOLDER = re.compile(r"(?<!%)%s")


@dataclass
class Compiled:
    sql: str
    params: list
    positions: dict  # placeholder name -> indexes in params
    init_list: list
    start: int
    end: int
    populators: list
    converters: dict
    compiler: object


class PreparedQuery:
    def __init__(self, model, build, fields, placeholders):
        """`build(**values)` returns a queryset of `model`; `fields` names the model field
        each value is compared with (it adapts the value for the database); `placeholders`
        gives each a value no real one can equal."""
        self.model = model
        self.build = build
        self.fields = fields
        self.placeholders = placeholders
        self.compiled = {}  # database alias -> Compiled, or None where preparing failed

    def adapt(self, name, value, connection):
        field = self.model._meta.get_field(self.fields[name])
        return field.get_db_prep_value(value, connection, prepared=False)

    def compile(self, db):
        connection = connections[db]
        compiler = self.build(**self.placeholders).query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = {}
        for name, placeholder in self.placeholders.items():
            adapted = self.adapt(name, placeholder, connection)
            positions[name] = [i for i, param in enumerate(params) if param == adapted]
            if not positions[name]:
                logger.warning("Could not prepare %s: %s is not a parameter", self.model, name)
                return None
        if len(PLACEHOLDER.findall(sql)) != len(params):
            logger.warning(
                "Could not prepare %s: its SQL's placeholders are not its parameters", self.model
            )
            return None
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        numbers = itertools.count()
        return Compiled(
            sql=PLACEHOLDER.sub(lambda match: f"%(p{next(numbers)})s", sql),
            params=params,
            positions=positions,
            init_list=[column[0].target.attname for column in select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, select, db),
            converters=compiler.get_converters([column[0] for column in select]),
            compiler=compiler,
        )

    def first(self, **values):
        """The first object the queryset built from `values` gives, or None."""
        db = router.db_for_read(self.model)
        if db not in self.compiled:
            self.compiled[db] = self.compile(db)
        compiled = self.compiled[db]
        if compiled is None:
            return self.build(**values).first()
        connection = connections[db]
        params = list(compiled.params)
        for name, value in values.items():
            adapted = self.adapt(name, value, connection)
            for i in compiled.positions[name]:
                params[i] = adapted
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, {f"p{i}": param for i, param in enumerate(params)})
            rows = cursor.fetchmany(1)
        if not rows:
            return None
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        row = next(iter(rows))
        obj = self.model.from_db(db, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, obj)
        return obj
