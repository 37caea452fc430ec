from odoo.tools import SQL, sql


def pre_init_hook(env):
    """Create the stored computed archive columns of res.partner beforehand, so that installing
    on a database with many partners does not compute and write them one partner at a time;
    the post-init hook fills them set-based."""
    cr = env.cr
    for column, column_type, default in (
        ("archive_completeness", "int4", SQL("0")),
        ("archive_state", "varchar", SQL("'draft'")),
        ("archive_date_next_review", "date", SQL("NULL")),
    ):
        if sql.column_exists(cr, "res_partner", column):
            continue
        # a constant default fills the existing rows without rewriting the table
        cr.execute(
            SQL(
                "ALTER TABLE res_partner ADD COLUMN %s %s DEFAULT %s",
                SQL.identifier(column),
                SQL(column_type),
                default,
            )
        )
        cr.execute(
            SQL("ALTER TABLE res_partner ALTER COLUMN %s DROP DEFAULT", SQL.identifier(column))
        )


def post_init_hook(env):
    """Number and score the archives of the partners that exist before the install; give
    their limits and archives review dates (set-based SQL)."""
    env["res.partner"]._archive_init_codes()
    env["res.partner"]._archive_init_completeness()
    env["res.partner"]._credit_init_review_dates()
    env["res.partner"]._archive_init_review_dates()
