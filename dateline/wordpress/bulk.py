"""Writing many new rows of one model quickly, for the import of a whole site.

`QuerySet.bulk_create` builds one multi-row INSERT per batch, and on SQLite (at most 999
parameters a statement) that means a new statement of placeholders every few dozen rows,
assembled in Python field by field: for the 50,000 comments of a large export, Django's
SQL assembly cost more than SQLite's writing. `insert_new` prepares each row's values the
way bulk_create does (`pre_save`, `get_db_prep_save`, foreign keys taken from the related
objects saved before) and sends one single-row INSERT with `executemany`. On SQLite the new
ids follow from `last_insert_rowid()`: inside the import's transaction nobody else writes,
and AUTOINCREMENT hands out consecutive ids to one statement's rows. Elsewhere (PostgreSQL)
it is `bulk_create`, whose multi-row INSERT ... RETURNING is already fast there.
"""

from django.db import connections, router


def insert_new(model, objs):
    """Save `objs`, new instances of `model` without ids, as bulk_create would: each gets
    its id and counts as saved. Model.save() and signals are not run, as with bulk_create."""
    objs = list(objs)
    if not objs:
        return objs
    db = router.db_for_write(model)
    connection = connections[db]
    if connection.vendor != "sqlite":
        return model.objects.using(db).bulk_create(objs)
    opts = model._meta
    fields = [
        field
        for field in opts.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]
    rows = []
    for obj in objs:
        if obj.pk is not None:
            raise ValueError(f"insert_new: {obj!r} already has an id")
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        rows.append(
            [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
        )
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(opts.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
    for pk, obj in enumerate(objs, start=last - len(objs) + 1):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db
    return objs


def insert_rows(model, field_names, rows):
    """INSERT `rows` of values ready for the database (ids of foreign keys, adapted dates)
    into `model`'s table, for the named fields, with one prepared statement. For rows whose
    ids nobody needs: no model instance is made."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    columns = [model._meta.get_field(name).column for name in field_names]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(map(quote, columns)),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
