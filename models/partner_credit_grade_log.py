from odoo import api, fields, models
from odoo.tools import SQL

GRADE_RULES = [
    ("rating_c", "Credit Rating C"),
    ("overdue", "Invoice Long Overdue"),
    ("no_orders", "No Orders Yet"),
    ("lapsed", "No Business after Lapsing"),
    ("inactive_90", "Inactive: Back to Potential"),
    ("inactive_30", "Inactive: Down One Tier"),
    ("eliminated_kept", "Eliminated (Only by Hand)"),
    ("erratic", "Erratic Buying"),
    ("thresholds", "Tier Thresholds"),
    ("probation", "Probation"),
    ("promotion_history", "Promotion Waits for History"),
    ("promotion", "Promotion"),
    ("pinned", "Pinned by Hand"),
    ("manual", "Changed by Hand"),
]
VALUE_CLASSES = [("core", "Core Customer"), ("ordinary", "Ordinary Customer")]
ABC_CLASSES = [("A", "A - Important"), ("B", "B - Medium"), ("C", "C - General")]


class PartnerCreditGradeLog(models.Model):
    """One change of a customer's tier: old → new, the rule that fired and the KPIs it saw.

    Written by grading (automatic) and by credit managers pinning or changing a tier (manual);
    never edited afterwards.
    """

    _name = "partner.credit.grade.log"
    _inherit = ["partner.credit.immutable.mixin"]
    _description = "Customer Tier Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Datetime(required=True, default=lambda self: fields.Datetime.now(), index=True)
    old_tier_id = fields.Many2one("partner.credit.tier", string="Old Tier", ondelete="restrict")
    new_tier_id = fields.Many2one(
        "partner.credit.tier", string="New Tier", required=True, ondelete="restrict"
    )
    rule = fields.Selection(GRADE_RULES, required=True)
    mode = fields.Selection(
        [("automatic", "Automatic"), ("manual", "Manual")], required=True, default="automatic"
    )
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    reason = fields.Text()
    pinned_until = fields.Date()
    explanation = fields.Text(
        compute="_compute_explanation", help="What keeps the customer out of the next tier up."
    )
    # the explanation as codes and figures (res_partner_grading_explain.py), worded in the
    # reader's language; a text written before codes, kept as it was when it could not be
    # read back into codes (migrations/19.0.3.1.0)
    explanation_data = fields.Json(readonly=True)
    explanation_legacy = fields.Text(readonly=True)
    fulfilment_rate = fields.Float(string="Contract Fulfilment (%)", digits=(16, 1))
    volatility = fields.Float(string="Monthly Volatility (%)", digits=(16, 1))
    annual_sales = fields.Monetary(string="Sales in Window", currency_field="currency_id")
    ontime_rate = fields.Float(string="On-time Payment (%)", digits=(16, 1))
    avg_days_late = fields.Float(string="Average Days Late", digits=(16, 1))
    overdue_ratio = fields.Float(string="Overdue Ratio (%)", digits=(16, 1))
    days_since_last_order = fields.Integer(string="Days since Last Order")
    relationship_months = fields.Integer(string="Relationship (months)")
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class")
    value_class = fields.Selection(VALUE_CLASSES)

    def _default_company(self):
        return self.env.company

    @api.depends("explanation_data", "explanation_legacy")
    @api.depends_context("lang")
    def _compute_explanation(self):
        partners = self.env["res.partner"]
        # the tiers of all the logs in one read, not one look-up per log of a list
        tier_ids = {
            log.explanation_data.get("tier_id")
            for log in self
            if isinstance(log.explanation_data, dict) and log.explanation_data.get("tier_id")
        }
        tiers = {
            tier.id: tier
            for tier in self.env["partner.credit.tier"].sudo().browse(tier_ids).exists()
        }
        for log in self:
            if log.explanation_data:
                data = log.explanation_data
                tier = tiers.get(data.get("tier_id")) if isinstance(data, dict) else None
                log.explanation = partners._credit_explain_text(
                    data, tier=tier if tier is not None else self.env["partner.credit.tier"]
                )
            else:
                log.explanation = log.explanation_legacy or False

    @api.model
    def _create_bulk(self, vals_list):
        """Create the logs of a grading run in one INSERT: the rows ``create`` would write
        (``tests/test_grading_notes.py`` compares them), without its cost per row — the
        Monetary sales figure made the ORM compute the company's currency for each new log
        through a new record, a fifth of a first grading run. All the dicts have the same
        keys; every value is converted by its field as the ORM does, money rounded in the
        company's currency.

        :return: the new logs
        """
        if not vals_list:
            return self
        now = fields.Datetime.now()
        defaults = {"date": now, "user_id": self.env.uid, "mode": "automatic"}
        names = list(dict.fromkeys([*defaults, *vals_list[0]]))
        empty = self.browse()

        def converter(name):
            """The field's conversion to its column, as the ORM's, once per field."""
            field = self._fields[name]
            if field.type == "monetary":
                # in the company's currency (the ORM gets it through a new record per row)
                currencies = {}

                def monetary(value, vals):
                    company_id = vals["company_id"]
                    if company_id not in currencies:
                        currencies[company_id] = (
                            self.env["res.company"].browse(company_id).currency_id
                        )
                    return currencies[company_id].round(value or 0.0)

                return monetary
            if field.type == "json":
                # an array of JSON values is sent as their texts
                def json_text(value, vals):
                    value = field.convert_to_column_insert(value, empty, vals)
                    return value.dumps(value.adapted) if value else None

                return json_text
            return lambda value, vals: field.convert_to_column_insert(value, empty, vals)

        converters = {name: converter(name) for name in names}
        columns = {
            name: [converters[name](vals.get(name, defaults.get(name)), vals) for vals in vals_list]
            for name in names
        }
        self.flush_model()
        # one array per column, unnested: a handful of parameters whatever the number of logs
        arrays = SQL(", ").join(
            SQL("%s::%s[]", columns[name], SQL(self._fields[name].column_type[1])) for name in names
        )
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """INSERT INTO %(table)s (%(columns)s, create_date, write_date,
                                              create_uid, write_uid)
                       SELECT v.*, %(now)s, %(now)s, %(uid)s, %(uid)s
                         FROM unnest(%(arrays)s) AS v
                       RETURNING id""",
                    table=SQL.identifier(self._table),
                    columns=SQL(", ").join(SQL.identifier(name) for name in names),
                    now=now,
                    uid=self.env.uid,
                    arrays=arrays,
                )
            )
        ]
        self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list}
        ).invalidate_recordset(["credit_grade_log_ids"])
        return self.browse(ids)

    def _credit_immutable_message(self, operation):
        if operation == "write":
            return self.env._("Tier changes are kept as they were made; grade or pin the customer.")
        return self.env._("Tier changes cannot be deleted.")
