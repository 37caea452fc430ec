def post_init_hook(env):
    """Number the archives of the partners that exist before the addon is installed."""
    env["res.partner"]._archive_init_codes()
