//! Checking a purchase form: every problem at once, each on its field (a line's on
//! `lines.N.quantity`), and the amounts turned into minor units of the purchase's currency.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{PaymentMethod, PurchaseInput, MAX_DESCRIPTION, MAX_LINES};
use crate::error::{FieldError, Rule};
use crate::money::{self, AmountProblem};
use crate::planning::days_after;
use crate::validation::{history_dates, Checks};
use crate::Result;

/// The longest a sale on credit may run: ten years.
const MAX_CREDIT_DAYS: u64 = 3_650;
/// The largest quantity of one line.
const MAX_QUANTITY: i64 = 1_000_000_000;

/// A line ready to store.
#[derive(Debug)]
pub(super) struct CheckedLine {
    pub catalogue_item_id: Option<String>,
    pub description: String,
    pub quantity: Decimal,
    pub unit_price_minor: i64,
    pub amount_minor: i64,
}

/// A purchase ready to store.
#[derive(Debug)]
pub(super) struct CheckedPurchase {
    pub purchased_on: NaiveDate,
    pub description: String,
    pub currency: String,
    pub lines: Vec<CheckedLine>,
    pub total_minor: i64,
    pub payment_method: PaymentMethod,
    pub credit_due_on: Option<NaiveDate>,
}

fn amount_problem(checks: &mut Checks, field: &str, problem: AmountProblem) {
    let error = match problem {
        AmountProblem::UnknownCurrency => return,
        AmountProblem::TooPrecise => FieldError::new(
            field,
            Rule::TooPrecise,
            "more decimals than the currency has",
        ),
        AmountProblem::Negative => FieldError {
            min: Some(0),
            max: Some(money::MAX_AMOUNT),
            ..FieldError::new(field, Rule::OutOfRange, "not below zero")
        },
        AmountProblem::TooLarge => FieldError {
            min: Some(0),
            max: Some(money::MAX_AMOUNT),
            ..FieldError::new(field, Rule::OutOfRange, "too large")
        },
    };
    checks.fail(error);
}

/// `input` checked as of `today`, its credit due `terms_days` after its date unless a date is
/// given.
pub(super) fn check(
    input: &PurchaseInput,
    today: NaiveDate,
    terms_days: u32,
) -> Result<CheckedPurchase> {
    let mut checks = Checks::new();
    // A purchase is history: from long ago to today, never ahead.
    checks.date(
        "purchasedOn",
        input.purchased_on,
        (history_dates().0, today),
    );
    let currency = input.currency.trim().to_ascii_uppercase();
    let known = money::minor_digits(&currency).is_some();
    if !known {
        checks.invalid("currency", "an ISO 4217 code Cartera knows");
    }
    let description = checks
        .text("description", Some(&input.description), MAX_DESCRIPTION)
        .unwrap_or_default();
    if input.lines.len() > MAX_LINES {
        checks.fail(FieldError {
            max: Some(MAX_LINES as i64),
            ..FieldError::new("lines", Rule::TooMany, "too many lines")
        });
    }
    let mut lines = Vec::with_capacity(input.lines.len());
    for (n, line) in input.lines.iter().enumerate() {
        let field = |name: &str| format!("lines.{n}.{name}");
        let before = checks.len();
        let description =
            checks.required(&field("description"), &line.description, MAX_DESCRIPTION);
        let quantity = line.quantity.normalize();
        if quantity <= Decimal::ZERO || quantity > Decimal::from(MAX_QUANTITY) {
            checks.fail(FieldError {
                min: Some(0),
                max: Some(MAX_QUANTITY),
                ..FieldError::new(&field("quantity"), Rule::OutOfRange, "above zero")
            });
        }
        let unit_price_minor = match money::to_minor(line.unit_price, &currency) {
            Ok(minor) => minor,
            Err(problem) => {
                amount_problem(&mut checks, &field("unitPrice"), problem);
                0
            }
        };
        // Only from a quantity and a price that passed (a huge product would overflow).
        let amount_minor = if checks.len() > before {
            0
        } else {
            match quantity
                .checked_mul(line.unit_price)
                .map(|amount| money::to_minor(money::round(amount, &currency), &currency))
            {
                Some(Ok(minor)) => minor,
                Some(Err(_)) | None => {
                    amount_problem(&mut checks, &field("quantity"), AmountProblem::TooLarge);
                    0
                }
            }
        };
        lines.push(CheckedLine {
            catalogue_item_id: line.catalogue_item_id.clone(),
            description,
            quantity,
            unit_price_minor,
            amount_minor,
        });
    }
    let total_minor = if lines.is_empty() {
        if description.is_empty() {
            checks.fail(FieldError::new(
                "description",
                Rule::Required,
                "what was bought, or its lines",
            ));
        }
        match input.total {
            None => {
                checks.fail(FieldError::new("total", Rule::Required, "required"));
                0
            }
            Some(total) => match money::to_minor(total, &currency) {
                Ok(minor) => minor,
                Err(problem) => {
                    amount_problem(&mut checks, "total", problem);
                    0
                }
            },
        }
    } else {
        let sum: i64 = lines.iter().map(|l| l.amount_minor).sum();
        let max = money::to_minor(Decimal::from(money::MAX_AMOUNT), &currency).unwrap_or(i64::MAX);
        if sum > max {
            amount_problem(&mut checks, "total", AmountProblem::TooLarge);
        }
        sum
    };
    let credit_due_on = if input.on_credit {
        let due = input
            .credit_due_on
            .unwrap_or_else(|| days_after(input.purchased_on, u64::from(terms_days)));
        checks.date(
            "creditDueOn",
            due,
            (
                input.purchased_on,
                days_after(input.purchased_on, MAX_CREDIT_DAYS),
            ),
        );
        Some(due)
    } else {
        None
    };
    checks.finish()?;
    Ok(CheckedPurchase {
        purchased_on: input.purchased_on,
        description,
        currency,
        lines,
        total_minor,
        payment_method: input.payment_method,
        credit_due_on,
    })
}
