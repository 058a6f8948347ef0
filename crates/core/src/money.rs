//! Money: an exact decimal amount in a currency (ISO 4217). In the domain an amount is a
//! [`Decimal`]; SQLite stores it as integer minor units (cents) beside its currency code, and IPC
//! sends it as a decimal string. Never floating point, and never two currencies added together.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The currencies the app knows and their minor units (the digits after the decimal point):
/// Spain's and Latin America's, and the few others a small business there invoices in.
const CURRENCIES: &[(&str, u32)] = &[
    ("EUR", 2),
    ("USD", 2),
    ("MXN", 2),
    ("ARS", 2),
    ("COP", 2),
    ("CLP", 0),
    ("PEN", 2),
    ("UYU", 2),
    ("PYG", 0),
    ("BOB", 2),
    ("VES", 2),
    ("GTQ", 2),
    ("HNL", 2),
    ("NIO", 2),
    ("CRC", 2),
    ("PAB", 2),
    ("DOP", 2),
    ("CUP", 2),
    ("BRL", 2),
    ("GBP", 2),
    ("CHF", 2),
];

/// Every known currency code, in the order the UI offers them.
pub fn currencies() -> impl Iterator<Item = &'static str> {
    CURRENCIES.iter().map(|(code, _)| *code)
}

/// The digits after the decimal point of `currency`, or `None` for a code the app does not know.
pub fn minor_digits(currency: &str) -> Option<u32> {
    CURRENCIES
        .iter()
        .find(|(code, _)| *code == currency)
        .map(|(_, digits)| *digits)
}

/// The largest amount accepted (in major units): far above any small business's sale, and far
/// below what an `i64` of minor units holds, so sums of many never overflow.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// Why an amount cannot be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountProblem {
    UnknownCurrency,
    /// More decimals than the currency has (a tenth of a cent).
    TooPrecise,
    Negative,
    TooLarge,
}

/// `amount` of `currency` as integer minor units, refused rather than rounded when it has more
/// decimals than the currency (a typo, not a price).
pub fn to_minor(amount: Decimal, currency: &str) -> Result<i64, AmountProblem> {
    let digits = minor_digits(currency).ok_or(AmountProblem::UnknownCurrency)?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(AmountProblem::Negative);
    }
    if amount > Decimal::from(MAX_AMOUNT) {
        return Err(AmountProblem::TooLarge);
    }
    let normal = amount.normalize();
    if normal.scale() > digits {
        return Err(AmountProblem::TooPrecise);
    }
    let mut minor = normal;
    minor.rescale(digits);
    // The mantissa of a value scaled to `digits` decimals is its count of minor units.
    i64::try_from(minor.mantissa()).map_err(|_| AmountProblem::TooLarge)
}

/// Integer minor units of `currency` as an amount (a code the app does not know reads as
/// having two decimals, so an old file with a newer currency still shows).
pub fn from_minor(minor: i64, currency: &str) -> Decimal {
    Decimal::new(minor, minor_digits(currency).unwrap_or(2))
}

/// `amount` rounded to the minor units of `currency`, halves away from zero (as a till rounds a
/// line of 3 × 0.335).
pub fn round(amount: Decimal, currency: &str) -> Decimal {
    amount.round_dp_with_strategy(
        minor_digits(currency).unwrap_or(2),
        RoundingStrategy::MidpointAwayFromZero,
    )
}

/// An amount in a currency, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Money {
    /// A decimal string ("1234.50").
    #[ts(type = "string")]
    pub amount: Decimal,
    /// ISO 4217 code ("EUR").
    pub currency: String,
}

/// Sums kept apart by currency: adding euros to pesos is never a number anyone wants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals(BTreeMap<String, Decimal>);

impl Totals {
    pub fn add(&mut self, currency: &str, amount: Decimal) {
        *self.0.entry(currency.to_string()).or_default() += amount;
    }

    /// The total of `currency` (zero when there is none).
    pub fn get(&self, currency: &str) -> Decimal {
        self.0.get(currency).copied().unwrap_or_default()
    }

    pub fn currencies(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// One [`Money`] per currency, in code order.
    pub fn to_money(&self) -> Vec<Money> {
        self.0
            .iter()
            .map(|(currency, amount)| Money {
                amount: *amount,
                currency: currency.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn amounts_become_minor_units_of_their_currency_and_back() {
        assert_eq!(to_minor(d("1234.5"), "EUR"), Ok(123_450));
        assert_eq!(to_minor(d("0.01"), "EUR"), Ok(1));
        assert_eq!(to_minor(d("12.00"), "EUR"), Ok(1_200));
        assert_eq!(to_minor(d("15000"), "CLP"), Ok(15_000));
        assert_eq!(from_minor(123_450, "EUR").to_string(), "1234.50");
        assert_eq!(from_minor(15_000, "CLP").to_string(), "15000");
    }

    #[test]
    fn an_amount_finer_than_its_currency_or_negative_is_refused_not_rounded() {
        assert_eq!(
            to_minor(d("0.005"), "EUR"),
            Err(AmountProblem::TooPrecise),
            "half a cent would silently become a cent or nothing"
        );
        assert_eq!(to_minor(d("10.5"), "CLP"), Err(AmountProblem::TooPrecise));
        assert_eq!(to_minor(d("-1"), "EUR"), Err(AmountProblem::Negative));
        assert_eq!(to_minor(d("1"), "XXX"), Err(AmountProblem::UnknownCurrency));
        assert_eq!(
            to_minor(d("1000000000000.01"), "EUR"),
            Err(AmountProblem::TooLarge)
        );
    }

    #[test]
    fn lines_round_half_away_from_zero_to_the_currencys_units() {
        assert_eq!(round(d("3") * d("0.335"), "EUR"), d("1.01"));
        assert_eq!(round(d("2") * d("0.125"), "EUR"), d("0.25"));
        assert_eq!(round(d("1.5") * d("999"), "CLP"), d("1499"));
    }

    #[test]
    fn totals_never_mix_currencies() {
        let mut totals = Totals::default();
        totals.add("EUR", d("10.10"));
        totals.add("MXN", d("250"));
        totals.add("EUR", d("0.20"));
        assert_eq!(totals.get("EUR"), d("10.30"));
        assert_eq!(totals.get("MXN"), d("250"));
        assert_eq!(totals.get("USD"), Decimal::ZERO);
        assert_eq!(totals.currencies().collect::<Vec<_>>(), ["EUR", "MXN"]);
    }
}
