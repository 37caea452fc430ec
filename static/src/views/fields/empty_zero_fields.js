import {IntegerField, integerField} from "@web/views/fields/integer/integer_field";
import {MonetaryField, monetaryField} from "@web/views/fields/monetary/monetary_field";
import {registry} from "@web/core/registry";

// Odoo stores no "empty" number: a profile figure nobody entered (registered capital,
// employees, annual revenue) reads 0 or $0.00, as if someone had entered it. These widgets
// show such a figure empty — in reading and in the input — and type a value in as usual.
const isEmptyZero = (record, fieldName) => !record.data[fieldName];

export class EmptyZeroIntegerField extends IntegerField {
    get formattedValue() {
        return this.value === 0 ? "" : super.formattedValue;
    }
}

export class EmptyZeroMonetaryField extends MonetaryField {
    get formattedValue() {
        return this.value === 0 ? "" : super.formattedValue;
    }
}

registry.category("fields").add("empty_zero_integer", {
    ...integerField,
    component: EmptyZeroIntegerField,
    isEmpty: isEmptyZero,
});
registry.category("fields").add("empty_zero_monetary", {
    ...monetaryField,
    component: EmptyZeroMonetaryField,
    isEmpty: isEmptyZero,
});
