"""The Credit Dashboard menu's old action (a bar chart of customers by tier, removed from
the data) kept the URL path ``credit-dashboard``, which the new action of the Dashboards
app's Credit dashboard now takes: free it before the data loads (Odoo deletes the old
action itself at the end of the update)."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_act_window
           SET path = NULL
         WHERE path = 'credit-dashboard'
           AND id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'partner_credit_archive'
                         AND name = 'res_partner_action_credit_dashboard'
                         AND model = 'ir.actions.act_window')
        """
    )
