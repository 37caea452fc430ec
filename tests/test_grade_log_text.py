"""Grade logs store their explanation as codes, worded in the reader's language; texts
stored before codes are read back into codes (migrations/19.0.3.1.0)."""

from collections import namedtuple

from odoo.tests import TransactionCase, tagged

Decision = namedtuple("Decision", "tier next_tier rule blocking")

OLD_TEXT = (
    "Kept out of Strategic Partner: contract fulfilment 72.5% is below 90.0%; "
    "last 6 months: 40 days since the last order (limit 30)."
)


@tagged("post_install", "-at_install")
class TestGradeLogText(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["partner_credit_archive"], ["zh_CN"], overwrite=True
        )
        cls.strategic = cls.env.ref("partner_credit_archive.credit_tier_strategic")
        cls.long_term = cls.env.ref("partner_credit_archive.credit_tier_long_term")
        cls.partner = cls.env["res.partner"].create({"name": "Graded Co", "is_company": True})

    def _log(self, **vals):
        return (
            self.env["partner.credit.grade.log"]
            .sudo()
            .create(
                {
                    "partner_id": self.partner.id,
                    "new_tier_id": self.long_term.id,
                    "rule": "thresholds",
                    **vals,
                }
            )
        )

    def test_grading_stores_codes_shown_in_the_readers_language(self):
        decision = Decision(
            "long_term",
            "strategic",
            "thresholds",
            [("fulfilment_rate", 72.5, 90.0), ("recent_days_since_last_order", 40, 30)],
        )
        result = {
            "decision": decision,
            "tiers": {"strategic": self.strategic, "long_term": self.long_term},
            "kpis": dict.fromkeys(
                (
                    "fulfilment_rate",
                    "volatility",
                    "annual_sales",
                    "ontime_rate",
                    "avg_days_late",
                    "overdue_ratio",
                    "days_since_last_order",
                    "relationship_months",
                ),
                0,
            ),
            "abc": "A",
            "value_class": "core",
        }
        vals = self.partner._credit_grade_log_vals(
            self.strategic.browse(), self.long_term, "thresholds", result, "ignored"
        )
        self.assertNotIn("explanation", vals, "no sentence is stored")
        log = self._log(**vals)
        self.assertEqual(log.explanation_data["tier_id"], self.strategic.id)
        english = log.with_context(lang="en_US").explanation
        self.assertIn("Kept out of Strategic Partner", english)
        self.assertIn("72.5%", english)
        chinese = log.with_context(lang="zh_CN").explanation
        self.assertIn(self.strategic.with_context(lang="zh_CN").name, chinese)
        self.assertIn("72.5", chinese)
        self.assertNotIn("Kept out of", chinese)
        self.assertNotIn("contract fulfilment", chinese)
        # the same sentence as the customer's live explanation, word for word
        self.assertEqual(
            english,
            self.partner.with_context(lang="en_US")._credit_explain(
                result["kpis"], decision, result["tiers"]
            ),
        )

    def test_old_texts_migrate_to_codes_or_stay_as_shown(self):
        mapped = self._log(explanation_legacy=OLD_TEXT)
        highest = self._log(explanation_legacy="Highest tier: nothing to reach above.")
        unknown = self._log(explanation_legacy="Written by hand before version 3.")
        converted = self.env["res.partner"]._credit_explain_migrate_logs()
        self.assertEqual(converted, 2)
        (mapped | highest | unknown).invalidate_recordset()
        self.assertEqual(
            mapped.explanation_data,
            {
                "tier_id": self.strategic.id,
                "blocking": [
                    ["fulfilment_rate", 72.5, 90.0],
                    ["recent_days_since_last_order", 40, 30],
                ],
                "months": 6,
            },
        )
        self.assertFalse(mapped.explanation_legacy)
        self.assertEqual(mapped.with_context(lang="en_US").explanation, OLD_TEXT)
        self.assertNotIn("Kept out of", mapped.with_context(lang="zh_CN").explanation)
        self.assertEqual(highest.explanation_data, {"highest": True})
        # nothing lost: what cannot be read back is kept and shown as it was
        self.assertFalse(unknown.explanation_data)
        self.assertEqual(unknown.explanation, "Written by hand before version 3.")
        self.assertEqual(self.env["res.partner"]._credit_explain_migrate_logs(), 0)
