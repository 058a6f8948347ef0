//! The buying rhythm: pure functions of a client's purchase history, today and the settings.
//! The median, not the mean, of the days between buying days, so one odd gap (a holiday, a
//! one-off order) does not move it; no rhythm is claimed from fewer than three buying days.

use chrono::{Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PaymentMethod, PurchaseSettings};
use crate::money::{self, Money, Totals};
use crate::planning::days_after;

/// The fewest buying days a rhythm is read from: two give one gap, which is a coincidence.
pub const MIN_BUYING_DAYS: u32 = 3;

/// How the year's purchases compare with the year before, in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Trend {
    pub currency: String,
    /// The change in percent, one decimal ("-12.5"); `None` when the year before had none.
    #[ts(type = "string | null")]
    pub percent: Option<Decimal>,
}

/// What a client's purchases say of how they buy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BuyingRhythm {
    /// Purchases outside the trash.
    pub purchases: u32,
    /// The distinct days they were made on: two purchases on one day are one occasion.
    pub buying_days: u32,
    #[ts(type = "string | null")]
    pub last_purchase_on: Option<NaiveDate>,
    /// Days from the last purchase to today.
    pub days_since_last: Option<u32>,
    /// The median of the days between buying days; `None` below [`MIN_BUYING_DAYS`].
    pub median_days: Option<u32>,
    /// The last purchase plus the median.
    #[ts(type = "string | null")]
    pub expected_next_on: Option<NaiveDate>,
    /// How far past the expected date a purchase may come before the client is late.
    pub tolerance_days: Option<u32>,
    /// Today is past the expected date by more than the tolerance.
    pub late: bool,
    /// Mean amount of a purchase, per currency.
    pub average_ticket: Vec<Money>,
    /// Bought in the twelve months up to today, per currency.
    pub last_12_months: Vec<Money>,
    /// Bought in the twelve months before those.
    pub previous_12_months: Vec<Money>,
    /// The last twelve months against the twelve before, per currency of either.
    pub trend: Vec<Trend>,
    /// How they pay most often (of a tie, the way of the latest purchase).
    pub preferred_payment: Option<PaymentMethod>,
}

/// One purchase as the rhythm reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bought {
    pub on: NaiveDate,
    pub amount: Decimal,
    pub currency: String,
    pub payment: PaymentMethod,
}

/// The way `history` was paid most often; of a tie, the way of the latest purchase among them.
fn preferred_payment(history: &[Bought]) -> Option<PaymentMethod> {
    let mut uses: Vec<(PaymentMethod, usize, NaiveDate)> = Vec::new();
    for bought in history {
        match uses.iter_mut().find(|(way, _, _)| *way == bought.payment) {
            Some((_, n, last)) => {
                *n += 1;
                *last = (*last).max(bought.on);
            }
            None => uses.push((bought.payment, 1, bought.on)),
        }
    }
    uses.into_iter()
        .max_by_key(|&(way, n, last)| (n, last, way.as_str()))
        .map(|(way, _, _)| way)
}

/// The median of `values` (sorted here), halves rounded up; `None` when empty.
fn median(values: &mut [u32]) -> Option<u32> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]).div_ceil(2)),
    }
}

/// How many days past the expected date are tolerated for a median of `median_days`: the
/// settings' share of it, rounded up, and never fewer than their minimum.
pub fn tolerance(median_days: u32, settings: &PurchaseSettings) -> u32 {
    let share = (u64::from(median_days) * u64::from(settings.late_tolerance_percent)).div_ceil(100);
    (share as u32).max(settings.late_tolerance_min_days)
}

/// How often a client buys: their last buying day and the median of the days between buying
/// days. Two purchases on one day are one occasion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    pub last_purchase_on: NaiveDate,
    pub median_days: u32,
}

/// The cadence of purchases made on `dates` (any order, repeats allowed); `None` below
/// [`MIN_BUYING_DAYS`] distinct days.
pub fn cadence(dates: impl IntoIterator<Item = NaiveDate>) -> Option<Cadence> {
    let mut days: Vec<NaiveDate> = dates.into_iter().collect();
    days.sort_unstable();
    days.dedup();
    if (days.len() as u32) < MIN_BUYING_DAYS {
        return None;
    }
    let mut gaps: Vec<u32> = days
        .windows(2)
        .map(|pair| (pair[1] - pair[0]).num_days() as u32)
        .collect();
    Some(Cadence {
        last_purchase_on: *days.last()?,
        median_days: median(&mut gaps)?,
    })
}

impl Cadence {
    /// The day the next purchase is expected: the last one plus the median.
    pub fn expected_next_on(self) -> NaiveDate {
        days_after(self.last_purchase_on, u64::from(self.median_days))
    }

    /// The first day the client is late to buy: the day after the tolerance past the
    /// expected date has run out.
    pub fn late_from(self, settings: &PurchaseSettings) -> NaiveDate {
        let tolerated = tolerance(self.median_days, settings);
        days_after(self.expected_next_on(), u64::from(tolerated) + 1)
    }
}

/// The rhythm of `history` (any order) as of `today`.
pub fn rhythm(history: &[Bought], today: NaiveDate, settings: &PurchaseSettings) -> BuyingRhythm {
    let mut days: Vec<NaiveDate> = history.iter().map(|b| b.on).collect();
    days.sort_unstable();
    days.dedup();
    let last = days.last().copied();
    let cadence = cadence(days.iter().copied());
    let median_days = cadence.map(|c| c.median_days);
    let expected_next_on = cadence.map(Cadence::expected_next_on);
    let tolerance_days = median_days.map(|median| tolerance(median, settings));
    let late = cadence.is_some_and(|c| today >= c.late_from(settings));

    let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let two_years_ago = today.checked_sub_months(Months::new(24)).unwrap_or(today);
    let (mut all, mut this_year, mut year_before) =
        (Totals::default(), Totals::default(), Totals::default());
    let mut counts = Totals::default();
    for bought in history {
        all.add(&bought.currency, bought.amount);
        counts.add(&bought.currency, Decimal::ONE);
        if bought.on > year_ago && bought.on <= today {
            this_year.add(&bought.currency, bought.amount);
        } else if bought.on > two_years_ago && bought.on <= year_ago {
            year_before.add(&bought.currency, bought.amount);
        }
    }
    let average_ticket = all
        .currencies()
        .map(|currency| Money {
            amount: money::round(all.get(currency) / counts.get(currency), currency),
            currency: currency.to_string(),
        })
        .collect();
    let mut trend_currencies: Vec<&str> = this_year
        .currencies()
        .chain(year_before.currencies())
        .collect();
    trend_currencies.sort_unstable();
    trend_currencies.dedup();
    let trend = trend_currencies
        .into_iter()
        .map(|currency| {
            let before = year_before.get(currency);
            let percent = (!before.is_zero()).then(|| {
                ((this_year.get(currency) - before) / before * Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
            });
            Trend {
                currency: currency.to_string(),
                percent,
            }
        })
        .collect();

    BuyingRhythm {
        purchases: history.len() as u32,
        buying_days: days.len() as u32,
        last_purchase_on: last,
        days_since_last: last.map(|last| (today - last).num_days().max(0) as u32),
        median_days,
        expected_next_on,
        tolerance_days,
        late,
        average_ticket,
        last_12_months: this_year.to_money(),
        previous_12_months: year_before.to_money(),
        trend,
        preferred_payment: preferred_payment(history),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn on(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn eur(date: &str, amount: &str) -> Bought {
        Bought {
            on: on(date),
            amount: Decimal::from_str(amount).unwrap(),
            currency: "EUR".into(),
            payment: PaymentMethod::Cash,
        }
    }

    fn settings() -> PurchaseSettings {
        PurchaseSettings::default()
    }

    #[test]
    fn the_median_gap_ignores_one_outlier() {
        // Gaps 21, 20, 22, 90 (a summer away), 21: the mean would say 34.8 days.
        let history = [
            eur("2026-01-05", "100"),
            eur("2026-01-26", "100"),
            eur("2026-02-15", "100"),
            eur("2026-03-09", "100"),
            eur("2026-06-07", "100"),
            eur("2026-06-28", "100"),
        ];
        let r = rhythm(&history, on("2026-07-01"), &settings());
        assert_eq!(r.median_days, Some(21));
        assert_eq!(r.expected_next_on, Some(on("2026-07-19")));
        assert!(!r.late);
    }

    #[test]
    fn fewer_than_three_buying_days_claim_no_rhythm() {
        let two = [eur("2026-01-05", "10"), eur("2026-02-05", "10")];
        let r = rhythm(&two, on("2026-12-01"), &settings());
        assert_eq!(
            (r.median_days, r.expected_next_on, r.late),
            (None, None, false)
        );
        assert_eq!(r.purchases, 2);
        // Three purchases on two days are still two occasions.
        let same_day = [
            eur("2026-01-05", "10"),
            eur("2026-01-05", "5"),
            eur("2026-02-05", "10"),
        ];
        let r = rhythm(&same_day, on("2026-12-01"), &settings());
        assert_eq!((r.purchases, r.buying_days, r.median_days), (3, 2, None));
    }

    #[test]
    fn late_to_buy_starts_the_day_after_the_tolerance_ends() {
        // Every 21 days: 30 % is 6.3, rounded up to 7 days of tolerance.
        let history = [
            eur("2026-10-01", "50"),
            eur("2026-10-22", "50"),
            eur("2026-11-12", "50"),
        ];
        let expected = on("2026-12-03");
        let at_limit = days_after(expected, 7);
        let r = rhythm(&history, at_limit, &settings());
        assert_eq!(
            (r.expected_next_on, r.tolerance_days),
            (Some(expected), Some(7))
        );
        assert!(
            !r.late,
            "on the last tolerated day the client is not late yet"
        );
        assert!(rhythm(&history, days_after(at_limit, 1), &settings()).late);
    }

    #[test]
    fn a_short_rhythm_still_has_the_minimum_tolerance() {
        assert_eq!(tolerance(2, &settings()), 3);
        assert_eq!(tolerance(10, &settings()), 3);
        assert_eq!(tolerance(11, &settings()), 4);
        let strict = PurchaseSettings {
            late_tolerance_percent: 0,
            late_tolerance_min_days: 0,
            ..settings()
        };
        assert_eq!(tolerance(30, &strict), 0);
    }

    #[test]
    fn the_trend_compares_two_years_and_says_nothing_without_the_earlier_one() {
        let history = [
            eur("2025-03-01", "100.00"),
            eur("2025-06-01", "100.00"),
            eur("2026-03-01", "150.00"),
            eur("2026-06-01", "100.00"),
        ];
        let r = rhythm(&history, on("2026-12-01"), &settings());
        assert_eq!(r.trend[0].percent, Some(Decimal::from_str("25.0").unwrap()));
        let this_year_only = [eur("2026-03-01", "150.00")];
        let r = rhythm(&this_year_only, on("2026-12-01"), &settings());
        assert_eq!(
            r.trend,
            [Trend {
                currency: "EUR".into(),
                percent: None
            }]
        );
        assert!(r.previous_12_months.is_empty());
    }

    #[test]
    fn the_preferred_payment_is_the_most_used_and_a_tie_goes_to_the_latest() {
        let paid = |date: &str, payment| Bought {
            payment,
            ..eur(date, "10")
        };
        let mostly_cards = [
            paid("2026-01-01", PaymentMethod::Card),
            paid("2026-02-01", PaymentMethod::Card),
            paid("2026-03-01", PaymentMethod::Cash),
        ];
        let r = rhythm(&mostly_cards, on("2026-12-01"), &settings());
        assert_eq!(r.preferred_payment, Some(PaymentMethod::Card));
        let tie = [
            paid("2026-01-01", PaymentMethod::Transfer),
            paid("2026-03-01", PaymentMethod::Cheque),
        ];
        let r = rhythm(&tie, on("2026-12-01"), &settings());
        assert_eq!(r.preferred_payment, Some(PaymentMethod::Cheque));
        assert_eq!(
            rhythm(&[], on("2026-12-01"), &settings()).preferred_payment,
            None
        );
    }

    #[test]
    fn tickets_and_years_are_summed_per_currency() {
        let mut history = vec![eur("2026-03-01", "10.00"), eur("2026-04-01", "20.01")];
        history.push(Bought {
            on: on("2026-05-01"),
            amount: Decimal::from(35_000),
            currency: "CLP".into(),
            payment: PaymentMethod::Transfer,
        });
        let r = rhythm(&history, on("2026-12-01"), &settings());
        let shown: Vec<String> = r
            .average_ticket
            .iter()
            .map(|m| format!("{} {}", m.amount, m.currency))
            .collect();
        assert_eq!(shown, ["35000 CLP", "15.01 EUR"], "halves round up: 15.005");
        assert_eq!(r.last_12_months.len(), 2);
    }

    fn history_strategy() -> impl Strategy<Value = Vec<Bought>> {
        prop::collection::vec((0u64..2_000, 0i64..1_000_000, prop::bool::ANY), 0..40).prop_map(
            |rows| {
                rows.into_iter()
                    .map(|(day, cents, pesos)| Bought {
                        on: days_after(on("2021-01-01"), day),
                        amount: Decimal::new(cents, 2),
                        currency: if pesos { "MXN" } else { "EUR" }.into(),
                        payment: if pesos {
                            PaymentMethod::Cash
                        } else {
                            PaymentMethod::Card
                        },
                    })
                    .collect()
            },
        )
    }

    proptest! {
        #[test]
        fn the_rhythm_does_not_depend_on_the_order_of_the_history(
            mut history in history_strategy(),
            today in 0u64..2_500,
        ) {
            let today = days_after(on("2021-01-01"), today);
            let once = rhythm(&history, today, &settings());
            history.reverse();
            prop_assert_eq!(&once, &rhythm(&history, today, &settings()));
            // No rhythm without three buying days; late only with one.
            prop_assert_eq!(once.median_days.is_some(), once.buying_days >= MIN_BUYING_DAYS);
            prop_assert!(!once.late || once.expected_next_on.is_some());
            // The two years never hold more than the whole history, currency by currency.
            for year in [&once.last_12_months, &once.previous_12_months] {
                for m in year {
                    let all: Decimal = history.iter()
                        .filter(|b| b.currency == m.currency).map(|b| b.amount).sum();
                    prop_assert!(m.amount <= all);
                }
            }
        }

        #[test]
        fn the_median_lies_between_the_shortest_and_longest_gap(history in history_strategy()) {
            let r = rhythm(&history, on("2027-01-01"), &settings());
            if let Some(median) = r.median_days {
                let mut days: Vec<NaiveDate> = history.iter().map(|b| b.on).collect();
                days.sort_unstable();
                days.dedup();
                let gaps: Vec<u32> = days.windows(2)
                    .map(|p| (p[1] - p[0]).num_days() as u32).collect();
                prop_assert!(gaps.iter().min().is_some_and(|m| *m <= median));
                prop_assert!(gaps.iter().max().is_some_and(|m| *m >= median));
            }
        }
    }
}
