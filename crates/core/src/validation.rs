//! Checking what a person typed: every problem of a form at once, each naming its field and
//! what is allowed (a length, a range of dates), so the form shows all of them together in
//! the user's language. Shared by every aggregate; depends on nothing but `text`.

use chrono::{Months, NaiveDate};

pub use crate::error::{FieldError, Rule};
use crate::{text, CoreError, Result};

/// The dates a plan may take: from a year ago (moving an overdue item a little) to fifty
/// years ahead. Anything further is a typo that would sort wrong and fire at once.
pub fn plan_dates(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        today.checked_sub_months(Months::new(12)).unwrap_or(today),
        today
            .checked_add_months(Months::new(50 * 12))
            .unwrap_or(today),
    )
}

/// The dates a record of the past may take.
pub fn history_dates() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(2200, 12, 31).unwrap_or(NaiveDate::MAX),
    )
}

/// Collects a form's problems; [`Checks::finish`] fails with all of them.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many problems are recorded so far.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// No problem recorded so far.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Records a problem.
    pub fn fail(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// Records an `Invalid` problem with its message.
    pub fn invalid(&mut self, field: &str, message: impl Into<String>) {
        self.fail(FieldError::new(field, Rule::Invalid, message));
    }

    fn too_long(&mut self, field: &str, max: usize) {
        self.fail(FieldError {
            max: Some(max as i64),
            ..FieldError::new(
                field,
                Rule::TooLong,
                format!("longer than {max} characters"),
            )
        });
    }

    /// Trimmed text, at most `max` characters; `None` when blank.
    pub fn text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let cleaned = text::clean_opt(value)?;
        if cleaned.chars().count() > max {
            self.too_long(field, max);
            return None;
        }
        Some(cleaned)
    }

    /// Like [`Checks::text`], and a blank value is a problem.
    pub fn required(&mut self, field: &str, value: &str, max: usize) -> String {
        let before = self.errors.len();
        match self.text(field, Some(value), max) {
            Some(v) => v,
            None => {
                if self.errors.len() == before {
                    self.fail(FieldError {
                        max: Some(max as i64),
                        ..FieldError::new(field, Rule::Required, "required")
                    });
                }
                String::new()
            }
        }
    }

    /// Multi-line text (a profile, a note): kept as typed but trimmed, at most `max`.
    pub fn long_text(&mut self, field: &str, value: &str, max: usize) -> String {
        let trimmed = value.trim();
        if trimmed.chars().count() > max {
            self.too_long(field, max);
        }
        trimmed.to_string()
    }

    /// An e-mail address the way a form should check it: one `@`, something before it, a
    /// dotted domain after it, no spaces. Deliverability is the mail server's business.
    pub fn email(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let email = self.text(field, value, 254)?;
        let valid = !email.contains(char::is_whitespace)
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            });
        if !valid {
            self.fail(FieldError::new(
                field,
                Rule::Malformed,
                "malformed e-mail address",
            ));
            return None;
        }
        Some(email)
    }

    /// A phone number: digits with the usual separators (space, `-`, `.`, parentheses), an
    /// optional leading `+`, and 6 to 15 digits (the E.164 maximum).
    pub fn phone(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let phone = self.text(field, value, 40)?;
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone.char_indices().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && i == 0)
        });
        if !(allowed && (6..=15).contains(&digits)) {
            self.fail(FieldError {
                min: Some(6),
                max: Some(15),
                ..FieldError::new(field, Rule::Malformed, "malformed phone number")
            });
            return None;
        }
        Some(phone)
    }

    /// A whole number in `min..=max`.
    pub fn number(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if !(min..=max).contains(&value) {
            self.fail(FieldError {
                min: Some(min),
                max: Some(max),
                ..FieldError::new(field, Rule::OutOfRange, format!("{min} to {max}"))
            });
        }
    }

    /// A date in `range` (inclusive).
    pub fn date(&mut self, field: &str, date: NaiveDate, (from, to): (NaiveDate, NaiveDate)) {
        if date < from || date > to {
            self.fail(FieldError {
                from: Some(from),
                to: Some(to),
                ..FieldError::new(
                    field,
                    Rule::DateOutOfRange,
                    format!("a date from {from} to {to}"),
                )
            });
        }
    }

    /// `Ok` when nothing failed, else every problem at once.
    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Invalid(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_reported_at_once_with_its_limit() {
        let mut checks = Checks::new();
        checks.required("name", "   ", 200);
        checks.email("email", Some("ana@"));
        checks.text("role", Some(&"x".repeat(201)), 200);
        checks.date(
            "dueDate",
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
            plan_dates(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()),
        );
        let Err(CoreError::Invalid(errors)) = checks.finish() else {
            panic!("four problems expected");
        };
        let rules: Vec<(&str, Rule)> = errors.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(
            rules,
            [
                ("name", Rule::Required),
                ("email", Rule::Malformed),
                ("role", Rule::TooLong),
                ("dueDate", Rule::DateOutOfRange)
            ]
        );
        assert_eq!(errors[2].max, Some(200), "the message can say the limit");
        assert_eq!(
            (errors[3].from, errors[3].to),
            (
                NaiveDate::from_ymd_opt(2025, 11, 30),
                NaiveDate::from_ymd_opt(2076, 11, 30)
            )
        );
    }

    #[test]
    fn plan_dates_near_the_calendar_ends_do_not_panic() {
        let (from, to) = plan_dates(NaiveDate::MAX);
        assert!(from <= to);
        let (from, to) = plan_dates(NaiveDate::MIN);
        assert!(from <= to);
    }
}
