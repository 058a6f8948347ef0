//! Planning rules for follow-ups, as pure functions of (data, today, time zone): recurrence,
//! working days, colour regimes and the instant a follow-up falls due. No clock, no database:
//! every rule here is tested with fixed dates.

use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Utc,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::FollowUpColour;
use crate::sql_enum::sql_enum;

sql_enum! {
    /// The unit of a recurrence's interval.
    pub enum RepeatUnit { Day = "day", Week = "week", Month = "month" }
}

/// `date` + `days`, stopping at the last date of the calendar instead of panicking.
pub fn days_after(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` − `days`, stopping at the first date of the calendar instead of panicking.
pub fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// "Every N days / weeks / months, on chosen weekdays, until a date or forever."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Recurrence {
    /// The interval: every `every` units (at least 1).
    pub every: u32,
    pub unit: RepeatUnit,
    /// For weekly rules: ISO weekdays (1 = Monday … 7 = Sunday); empty = the first date's.
    pub weekdays: Vec<u8>,
    /// Last possible date (`YYYY-MM-DD`), inclusive; `None` = forever.
    pub until: Option<NaiveDate>,
}

/// The first occurrence of `rule` strictly after `after`, for a series that started on
/// `anchor`. Months count from the anchor, so a series on the 31st falls on each month's last
/// day without drifting (31 Jan → 28/29 Feb → 31 Mar).
pub fn next_occurrence(
    rule: &Recurrence,
    anchor: NaiveDate,
    after: NaiveDate,
) -> Option<NaiveDate> {
    let every = rule.every.max(1);
    let next = match rule.unit {
        RepeatUnit::Day => {
            let elapsed = (after - anchor).num_days();
            let k = if elapsed < 0 {
                0
            } else {
                elapsed / i64::from(every) + 1
            };
            anchor.checked_add_days(Days::new(u64::try_from(k).ok()? * u64::from(every)))?
        }
        RepeatUnit::Month => {
            let mut k: u32 = 0;
            loop {
                let date = anchor.checked_add_months(Months::new(k * every))?;
                if date > after {
                    break date;
                }
                k += 1;
            }
        }
        RepeatUnit::Week => next_weekly(every, &rule.weekdays, anchor, after)?,
    };
    match rule.until {
        Some(until) if next > until => None,
        _ => Some(next),
    }
}

/// A series runs at most this many occurrences into one range (a daily series over a year is
/// 366): a bound on the work one range of projection can cost.
pub const MAX_OCCURRENCES: usize = 400;

/// The occurrences of `rule` (a series that started on `anchor`) on `from <= date < to` that
/// come strictly after `current`, its stored occurrence: the dates a range draws ahead of it.
/// At most [`MAX_OCCURRENCES`].
pub fn occurrences_between(
    rule: &Recurrence,
    anchor: NaiveDate,
    current: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    let mut after = current.max(days_before(from, 1));
    while dates.len() < MAX_OCCURRENCES {
        match next_occurrence(rule, anchor, after) {
            Some(date) if date < to => {
                dates.push(date);
                after = date;
            }
            _ => break,
        }
    }
    dates
}

fn next_weekly(
    every: u32,
    weekdays: &[u8],
    anchor: NaiveDate,
    after: NaiveDate,
) -> Option<NaiveDate> {
    // The chosen ISO weekdays as bits 1..=7 (no allocation: the week view projects 10,000
    // series through here).
    let mut days: u8 = weekdays
        .iter()
        .filter(|d| (1..=7).contains(*d))
        .fold(0, |bits, d| bits | 1 << d);
    if days == 0 {
        days = 1 << anchor.weekday().number_from_monday();
    }
    let week_start = days_before(anchor, u64::from(anchor.weekday().num_days_from_monday()));
    let start = after.max(days_before(anchor, 1));
    // The series' week that contains `start`, rounded down to a week of the series.
    let weeks_in = ((start - week_start).num_days().max(0) / 7) as u32;
    let mut week = weeks_in - weeks_in % every;
    loop {
        let monday = week_start.checked_add_days(Days::new(u64::from(week) * 7))?;
        for d in (1..=7u8).filter(|d| days & 1 << d != 0) {
            let date = monday.checked_add_days(Days::new(u64::from(d) - 1))?;
            if date > after && date >= anchor {
                return Some(date);
            }
        }
        week += every;
    }
}

/// How follow-ups are planned: the colour regimes' intervals and the user's day. Settings,
/// with the product's defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct PlanningSettings {
    /// Yellow: a reminder every this many days.
    pub yellow_every_days: u32,
    /// Green: raise the client after this many days without an answer.
    pub green_wait_days: u32,
    /// When a follow-up with no time of day falls due (local time).
    #[ts(type = "string")]
    pub day_start: NaiveTime,
    /// When the morning digest is shown (local time).
    #[ts(type = "string")]
    pub digest_time: NaiveTime,
    /// "Not contacted in N days" lists clients whose last contact is older than this.
    pub quiet_days: u32,
    /// The business's working days, ISO weekdays (1 = Monday … 7 = Sunday): Monday to Friday
    /// unless the shop opens on Saturday too. The red regime and every "next working day"
    /// rule follow it. (Public holidays are not known to the app.)
    pub working_days: Vec<u8>,
    /// How many calls (and other contacts at a distance) the owner can make in a day.
    pub calls_per_day: u32,
    /// How many visits (and meetings) fit in a day.
    pub visits_per_day: u32,
}

/// Monday to Friday, as ISO weekdays.
pub const MONDAY_TO_FRIDAY: [u8; 5] = [1, 2, 3, 4, 5];

impl PlanningSettings {
    /// Whether the business works on `date`'s weekday. Without any valid working day stored
    /// (a file edited by hand), Monday to Friday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        let weekday = date.weekday().number_from_monday() as u8;
        if self.working_days.iter().any(|d| (1..=7).contains(d)) {
            self.working_days.contains(&weekday)
        } else {
            MONDAY_TO_FRIDAY.contains(&weekday)
        }
    }

    /// `date` itself if it is a working day, else the next one (within a week: some weekday
    /// always works). At the end of the calendar, `date` itself.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        for _ in 0..7 {
            if self.is_working_day(day) {
                return day;
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        date
    }
}

impl Default for PlanningSettings {
    fn default() -> Self {
        Self {
            yellow_every_days: 7,
            green_wait_days: 10,
            day_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            digest_time: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            quiet_days: 30,
            working_days: MONDAY_TO_FRIDAY.to_vec(),
            calls_per_day: 20,
            visits_per_day: 4,
        }
    }
}

/// Everything a planning rule needs to know about "now": the instant, the user's time zone
/// and settings. Built by the shell from the real clock; tests build it with fixed values.
#[derive(Debug, Clone)]
pub struct Planner {
    pub now: DateTime<Utc>,
    pub tz: chrono_tz::Tz,
    pub settings: PlanningSettings,
}

impl Planner {
    pub fn new(now: DateTime<Utc>, tz: chrono_tz::Tz, settings: PlanningSettings) -> Self {
        Self { now, tz, settings }
    }

    /// Today's date where the user is.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.tz).date_naive()
    }

    /// The local date of a stored UTC instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// When a follow-up on `date` (at `time`, or at the start of the day) falls due.
    pub fn due_at(&self, date: NaiveDate, time: Option<NaiveTime>) -> DateTime<Utc> {
        due_instant(date, time.unwrap_or(self.settings.day_start), &self.tz)
    }
}

/// The choices of the snooze menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Snooze {
    OneHour,
    /// Tomorrow at the start of the day.
    TomorrowMorning,
    /// Next Monday at the start of the day.
    NextWeek,
}

/// The new local date and time of a follow-up snoozed with `choice`.
pub fn snooze_target(choice: Snooze, planner: &Planner) -> (NaiveDate, Option<NaiveTime>) {
    let start = planner.settings.day_start;
    match choice {
        Snooze::OneHour => {
            let local = (planner.now + chrono::Duration::hours(1)).with_timezone(&planner.tz);
            let time = local
                .time()
                .with_second(0)
                .and_then(|t| t.with_nanosecond(0));
            (local.date_naive(), Some(time.unwrap_or(local.time())))
        }
        Snooze::TomorrowMorning => (days_after(planner.today(), 1), Some(start)),
        Snooze::NextWeek => {
            let today = planner.today();
            let to_monday = 7 - u64::from(today.weekday().num_days_from_monday());
            (days_after(today, to_monday), Some(start))
        }
    }
}

/// The date of a client's next regime follow-up, counted from the regime's clock (the last
/// contact: any interaction restarts it; for green, also the day the colour was set) or today
/// when the clock never started. `None` for no regime. Always a working day, never before today.
pub fn regime_next_date(
    colour: FollowUpColour,
    last_contact: Option<NaiveDate>,
    today: NaiveDate,
    settings: &PlanningSettings,
) -> Option<NaiveDate> {
    let days = match colour {
        FollowUpColour::None => return None,
        // Red: the working day after the last contact.
        FollowUpColour::Red => 1,
        FollowUpColour::Yellow => settings.yellow_every_days.max(1),
        FollowUpColour::Green => settings.green_wait_days.max(1),
    };
    // Never in the past: a clock that ran out long ago plans for today.
    let date = last_contact
        .and_then(|d| d.checked_add_days(Days::new(u64::from(days))))
        .map_or(today, |d| d.max(today));
    Some(settings.working_day_on_or_after(date))
}

/// The instant a follow-up on `date` at local `time` falls due in `tz`. A time that does not
/// exist (the hour skipped when clocks go forward) moves forward past the gap; a time that
/// happens twice (clocks go back) is the first of the two.
pub fn due_instant<Tz: TimeZone>(date: NaiveDate, time: NaiveTime, tz: &Tz) -> DateTime<Utc> {
    let mut local: NaiveDateTime = date.and_time(time);
    for _ in 0..8 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(at) => return at.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => local += chrono::Duration::minutes(30),
        }
    }
    Utc.from_utc_datetime(&date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Madrid;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rule(every: u32, unit: RepeatUnit) -> Recurrence {
        Recurrence {
            every,
            unit,
            weekdays: vec![],
            until: None,
        }
    }

    #[test]
    fn a_shop_open_on_saturday_is_called_on_saturday() {
        let friday = date(2026, 11, 27);
        let weekdays_only = PlanningSettings::default();
        assert_eq!(
            regime_next_date(FollowUpColour::Red, Some(friday), friday, &weekdays_only),
            Some(date(2026, 11, 30)),
            "Monday to Friday by default: Friday's call is followed on Monday"
        );
        let with_saturday = PlanningSettings {
            working_days: vec![1, 2, 3, 4, 5, 6],
            ..PlanningSettings::default()
        };
        assert_eq!(
            regime_next_date(FollowUpColour::Red, Some(friday), friday, &with_saturday),
            Some(date(2026, 11, 28))
        );
        let sunday = date(2026, 11, 29);
        assert_eq!(
            with_saturday.working_day_on_or_after(sunday),
            date(2026, 11, 30)
        );
    }

    #[test]
    fn working_days_never_loop_or_overflow() {
        let nothing_valid = PlanningSettings {
            working_days: vec![0, 9],
            ..PlanningSettings::default()
        };
        assert!(
            nothing_valid.is_working_day(date(2026, 11, 30)),
            "falls back to Monday–Friday"
        );
        assert_eq!(
            PlanningSettings::default().working_day_on_or_after(NaiveDate::MAX),
            NaiveDate::MAX,
            "the last date of the calendar does not panic"
        );
        assert_eq!(
            regime_next_date(
                FollowUpColour::Yellow,
                Some(NaiveDate::MAX),
                date(2026, 11, 30),
                &PlanningSettings::default()
            ),
            Some(date(2026, 11, 30)),
            "a clock at the end of the calendar cannot push the date past it"
        );
    }

    /// Every occurrence of `rule` from `anchor`, walking with `next_occurrence`, up to `end`.
    fn walk(rule: &Recurrence, anchor: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
        let mut out = vec![anchor];
        while let Some(next) = next_occurrence(rule, anchor, *out.last().unwrap()) {
            if next > end {
                break;
            }
            out.push(next);
        }
        out
    }

    #[test]
    fn monthly_on_the_31st_falls_on_month_ends_without_drifting() {
        let dates = walk(
            &rule(1, RepeatUnit::Month),
            date(2027, 1, 31),
            date(2027, 5, 31),
        );
        assert_eq!(
            dates,
            vec![
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30),
                date(2027, 5, 31)
            ],
            "a series on the 31st must come back to the 31st after a short month"
        );
    }

    #[test]
    fn monthly_on_the_29th_of_february_uses_leap_years() {
        let dates = walk(
            &rule(12, RepeatUnit::Month),
            date(2028, 2, 29),
            date(2033, 3, 1),
        );
        assert_eq!(
            dates,
            vec![
                date(2028, 2, 29),
                date(2029, 2, 28),
                date(2030, 2, 28),
                date(2031, 2, 28),
                date(2032, 2, 29),
                date(2033, 2, 28)
            ]
        );
    }

    #[test]
    fn weekly_on_chosen_weekdays_every_two_weeks() {
        let mut r = rule(2, RepeatUnit::Week);
        r.weekdays = vec![1, 4]; // Monday and Thursday
        let dates = walk(&r, date(2026, 11, 23), date(2026, 12, 20));
        assert_eq!(
            dates,
            vec![
                date(2026, 11, 23),
                date(2026, 11, 26),
                date(2026, 12, 7),
                date(2026, 12, 10)
            ]
        );
    }

    #[test]
    fn a_series_stops_at_its_end_date() {
        let mut r = rule(1, RepeatUnit::Day);
        r.until = Some(date(2026, 11, 25));
        assert_eq!(walk(&r, date(2026, 11, 23), date(2027, 1, 1)).len(), 3);
    }

    #[test]
    fn a_time_skipped_by_dst_moves_forward_and_a_repeated_one_is_the_first() {
        // Madrid: 2027-03-28 02:00 -> 03:00 (gap); 2027-10-31 03:00 -> 02:00 (fold).
        let gap = due_instant(
            date(2027, 3, 28),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
            &Madrid,
        );
        assert_eq!(
            gap.to_rfc3339(),
            "2027-03-28T01:00:00+00:00",
            "02:30 does not exist: 03:00 local"
        );
        let fold = due_instant(
            date(2027, 10, 31),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
            &Madrid,
        );
        assert_eq!(
            fold.to_rfc3339(),
            "2027-10-31T00:30:00+00:00",
            "02:30 happens twice: the first"
        );
        let summer = due_instant(
            date(2027, 7, 1),
            NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            &Madrid,
        );
        assert_eq!(summer.to_rfc3339(), "2027-07-01T08:00:00+00:00");
    }

    #[test]
    fn regimes_plan_from_the_last_contact_on_working_days() {
        let s = PlanningSettings::default();
        let friday = date(2026, 11, 27);
        assert_eq!(
            regime_next_date(FollowUpColour::Red, Some(friday), friday, &s),
            Some(date(2026, 11, 30)),
            "red after a Friday contact: Monday"
        );
        assert_eq!(
            regime_next_date(FollowUpColour::Yellow, Some(friday), friday, &s),
            Some(date(2026, 12, 4))
        );
        assert_eq!(
            regime_next_date(FollowUpColour::Green, Some(friday), friday, &s),
            Some(date(2026, 12, 7)),
            "10 days lands on a Monday"
        );
        assert_eq!(
            regime_next_date(FollowUpColour::None, Some(friday), friday, &s),
            None
        );
        assert_eq!(
            regime_next_date(FollowUpColour::Red, None, friday, &s),
            Some(friday),
            "never contacted: today"
        );
        let long_ago = date(2026, 1, 5);
        assert_eq!(
            regime_next_date(FollowUpColour::Yellow, Some(long_ago), friday, &s),
            Some(friday),
            "never in the past"
        );
    }

    #[test]
    fn snooze_choices() {
        let p = Planner::new(
            "2026-11-27T16:20:30Z".parse().unwrap(), // Friday 17:20 in Madrid
            Madrid,
            PlanningSettings::default(),
        );
        let nine = NaiveTime::from_hms_opt(9, 0, 0);
        assert_eq!(
            snooze_target(Snooze::OneHour, &p),
            (date(2026, 11, 27), NaiveTime::from_hms_opt(18, 20, 0))
        );
        assert_eq!(
            snooze_target(Snooze::TomorrowMorning, &p),
            (date(2026, 11, 28), nine)
        );
        assert_eq!(
            snooze_target(Snooze::NextWeek, &p),
            (date(2026, 11, 30), nine)
        );
    }

    /// Brute force, from the rule's definition alone: whether `d` is an occurrence of `rule`
    /// for a series that started on `anchor` (which is always one, even off the rule's
    /// weekdays).
    fn is_occurrence(rule: &Recurrence, anchor: NaiveDate, d: NaiveDate) -> bool {
        if d == anchor {
            return true;
        }
        if d < anchor || rule.until.is_some_and(|until| d > until) {
            return false;
        }
        match rule.unit {
            RepeatUnit::Day => (d - anchor).num_days() % i64::from(rule.every) == 0,
            RepeatUnit::Month => {
                (0..200).any(|k| anchor.checked_add_months(Months::new(k * rule.every)) == Some(d))
            }
            RepeatUnit::Week => {
                let week_start =
                    anchor - Days::new(u64::from(anchor.weekday().num_days_from_monday()));
                let week = (d - week_start).num_days() / 7;
                let days: Vec<u8> = if rule.weekdays.is_empty() {
                    vec![anchor.weekday().number_from_monday() as u8]
                } else {
                    rule.weekdays.clone()
                };
                week % i64::from(rule.every) == 0
                    && days.contains(&(d.weekday().number_from_monday() as u8))
            }
        }
    }

    /// Every date on `from <= d < to`.
    fn days_of(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
        from.iter_days().take_while(move |d| *d < to)
    }

    fn any_rule() -> impl Strategy<Value = Recurrence> {
        (
            1u32..5,
            prop_oneof![
                Just(RepeatUnit::Day),
                Just(RepeatUnit::Week),
                Just(RepeatUnit::Month)
            ],
            proptest::collection::vec(1u8..=7, 0..4),
        )
            .prop_map(|(every, unit, weekdays)| Recurrence {
                every,
                unit,
                weekdays,
                until: None,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Walking a series occurrence by occurrence gives strictly increasing dates that are
        /// exactly the dates the rule allows: none skipped, none twice, across month ends,
        /// leap days and DST changes (dates are calendar dates, so DST cannot move them).
        #[test]
        fn recurrence_never_skips_or_duplicates(rule in any_rule(), offset in 0i64..1500) {
            let anchor = date(2026, 1, 1) + chrono::Duration::days(offset);
            let end = anchor + chrono::Duration::days(400);
            let walked = walk(&rule, anchor, end);
            for pair in walked.windows(2) {
                prop_assert!(pair[0] < pair[1], "occurrences must strictly increase");
            }
            let expected: Vec<NaiveDate> =
                days_of(anchor, end.succ_opt().unwrap()).filter(|d| is_occurrence(&rule, anchor, *d)).collect();
            prop_assert_eq!(walked, expected);
        }

        /// A range draws exactly the occurrences the rule allows in it after the stored one:
        /// none skipped, none twice, in order, whatever the range (across month ends, leap
        /// days and DST changes), and none past the series' end.
        #[test]
        fn a_range_draws_exactly_the_rule_s_occurrences_after_the_stored_one(
            rule in any_rule(), offset in 0i64..1500, done in 0usize..6,
            from_days in -40i64..120, length in 0i64..70, ends_after in proptest::option::of(0i64..200),
        ) {
            let anchor = date(2026, 1, 1) + chrono::Duration::days(offset);
            let rule = Recurrence { until: ends_after.map(|d| anchor + chrono::Duration::days(d)), ..rule };
            // The stored occurrence: the series' first, or one a few completions later.
            let walked = walk(&rule, anchor, anchor + chrono::Duration::days(400));
            let current = walked[done.min(walked.len() - 1)];
            let from = current + chrono::Duration::days(from_days);
            let to = from + chrono::Duration::days(length);
            let drawn = occurrences_between(&rule, anchor, current, from, to);
            let expected: Vec<NaiveDate> = days_of(from, to)
                .filter(|d| *d > current && is_occurrence(&rule, anchor, *d))
                .collect();
            prop_assert_eq!(drawn, expected);
        }

        /// A regime yields exactly one next date for a colour (none for no colour), on a
        /// working day, never before today; a later contact never plans earlier.
        #[test]
        fn regime_yields_one_working_day_not_before_today(
            days_ago in 0u64..60, later in 0u64..30, colour in 0usize..4,
        ) {
            let colour = [FollowUpColour::Red, FollowUpColour::Yellow, FollowUpColour::Green, FollowUpColour::None][colour];
            let today = date(2026, 11, 23);
            let s = PlanningSettings::default();
            let contact = today - Days::new(days_ago);
            let next = regime_next_date(colour, Some(contact), today, &s);
            prop_assert_eq!(next.is_some(), colour != FollowUpColour::None);
            if let Some(next) = next {
                prop_assert!(s.is_working_day(next) && next >= today);
                let restarted = regime_next_date(colour, Some(contact + Days::new(later)), today, &s).unwrap();
                prop_assert!(restarted >= next, "an interaction restarts the clock: never earlier");
            }
        }
    }
}
