def post_init_hook(env):
    """Number and score the archives of the customers that exist before the install (one
    ``partner.archive`` per customer in its company, inserted set-based); give limits and
    archives review dates (set-based SQL)."""
    env["res.partner"]._archive_init_codes()
    env["res.partner"]._archive_init_review_dates()
    env["res.partner"]._archive_init_completeness()
    env["res.partner"]._credit_init_review_dates()
