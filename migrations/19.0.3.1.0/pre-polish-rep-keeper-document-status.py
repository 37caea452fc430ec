"""Archive documents get ``status`` (awaiting verification / valid / expiring / expired),
the one status lists and forms show. Filled here in one statement from what is stored (the
validity and whether a keeper verified it), so the upgrade does not recompute it document by
document; the ORM finds the column and leaves it."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        ALTER TABLE partner_archive_document ADD COLUMN IF NOT EXISTS status varchar;
        UPDATE partner_archive_document
           SET status = CASE
                   WHEN state = 'expired' THEN 'expired'
                   WHEN NOT COALESCE(is_verified, FALSE) THEN 'submitted'
                   ELSE COALESCE(state, 'valid')
               END
         WHERE status IS NULL
        """
    )
