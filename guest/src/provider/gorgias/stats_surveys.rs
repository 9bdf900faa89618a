//! The CSAT score distribution on Gorgias. `GET /api/satisfaction-surveys` has
//! no date filters (only `ticket_id`, `cursor`, `limit`, `order_by`), so the
//! surveys are read newest first and counted when they were scored inside the
//! period; reading stops once the list has gone past the period's start (and
//! a few days more, for surveys sent before it and answered in it).

use super::client::GorgiasSubject as _;
use chrono::Duration;

use super::client::{MAX_LIMIT, Subject, decode};
use super::filters::parse_time;
use super::{Gorgias, wire};
use crate::http::{HttpError, Request, Response};
use crate::tool::ToolError;
use crate::tool::helpdesk_stats::Range;

/// Pages read at most (100 surveys each).
const MAX_PAGES: usize = 10;
/// Surveys are answered some time after they are sent, so a survey sent
/// before the period may be scored in it: reading always goes this far past
/// the period's start (most answers come within a day or two)...
const GRACE_DAYS: i64 = 3;
/// ...and on, up to this far, while reporting says scored surveys are still
/// missing from the count.
const LOOKBACK_DAYS: i64 = 30;

/// One page of surveys, newest first.
pub fn page_request(g: &Gorgias, cursor: Option<String>) -> Request {
    let mut q = vec![("limit", MAX_LIMIT.to_string()), ("order_by", "created_datetime:desc".to_owned())];
    q.extend(cursor.map(|c| ("cursor", c)));
    g.get("/satisfaction-surveys", &q)
}

/// Surveys per score in the period, and how they were counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Distribution {
    /// Surveys scored 1 to 5.
    pub scores: [u64; 5],
    /// Surveys counted (the sum of `scores`).
    pub counted: u64,
    /// Scored surveys reporting counts in the period.
    pub expected: u64,
    /// Surveys read.
    pub read: usize,
    /// Whether reading stopped at the page limit rather than past the period.
    pub capped: bool,
}

impl Distribution {
    /// Says how many surveys the distribution counts and why any are missing.
    pub fn note(&self) -> Option<String> {
        let counted = self.counted;
        Some(if counted == self.expected {
            format!("The score distribution counts all {counted} surveys scored in the period.")
        } else if self.capped {
            format!(
                "The score distribution counts {counted} of the {} surveys scored in the period: only the {} most recent surveys were read.",
                self.expected, self.read
            )
        } else {
            format!(
                "The score distribution counts {counted} surveys scored in the period; reporting counts {}.",
                self.expected
            )
        })
    }
}

/// Counts the surveys scored in `range`, from `first` (the first page) on.
pub fn distribution(
    g: &Gorgias,
    first: Result<Response, HttpError>,
    range: Range,
    expected: u64,
) -> Result<Distribution, ToolError> {
    let subject = Subject::api("satisfaction surveys");
    let mut out = Distribution { expected, ..Distribution::default() };
    let mut page: wire::List<wire::Survey> = decode(first, &subject)?;
    for pages in 1..=MAX_PAGES {
        out.read += page.data.len();
        let oldest = count_page(&page.data, range, &mut out);
        let before = |days: i64| oldest.is_some_and(|t| t < range.start - Duration::days(days));
        let done = before(GRACE_DAYS) && (out.counted >= expected || before(LOOKBACK_DAYS));
        match page.next_cursor.take() {
            None => return Ok(out),
            Some(_) if done => return Ok(out),
            Some(_) if pages == MAX_PAGES => break,
            Some(c) => page = g.fetch(page_request(g, Some(c)), &subject)?,
        }
    }
    out.capped = true;
    Ok(out)
}

/// Adds a page's surveys scored in `range`; returns the oldest creation time on it.
fn count_page(
    surveys: &[wire::Survey],
    range: Range,
    out: &mut Distribution,
) -> Option<chrono::NaiveDateTime> {
    let mut oldest = None;
    for s in surveys {
        let created = s.created_datetime.as_deref().and_then(parse_time);
        oldest = match (oldest, created) {
            (Some(o), Some(c)) => Some(c.min(o)),
            (o, c) => o.or(c),
        };
        let scored = s.scored_datetime.as_deref().and_then(parse_time);
        let score = s.score.filter(|x| (1.0..=5.0).contains(x)).map(|x| x.round() as usize);
        if let (Some(score), Some(at)) = (score, scored)
            && range.start <= at
            && at < range.end
        {
            out.scores[score - 1] += 1;
            out.counted += 1;
        }
    }
    oldest
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn range() -> Range {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        Range { start: at("2026-11-01 00:00:00"), end: at("2026-12-01 00:00:00") }
    }

    #[test]
    fn only_surveys_scored_in_the_period_count() {
        let surveys: Vec<wire::Survey> = serde_json::from_str(
            r#"[{"score":5,"created_datetime":"2026-11-20T10:00:00","scored_datetime":"2026-11-20T12:00:00"},
                {"score":null,"created_datetime":"2026-11-19T10:00:00","scored_datetime":null},
                {"score":2,"created_datetime":"2026-10-30T10:00:00","scored_datetime":"2026-11-02T08:00:00"},
                {"score":4,"created_datetime":"2026-10-20T10:00:00","scored_datetime":"2026-10-21T08:00:00"}]"#,
        )
        .unwrap();
        let mut d = Distribution { expected: 2, ..Distribution::default() };
        let oldest = count_page(&surveys, range(), &mut d);
        assert_eq!(d.scores, [0, 1, 0, 0, 1]);
        assert_eq!(d.counted, 2);
        assert_eq!(oldest.map(|t| t.to_string()).as_deref(), Some("2026-10-20 10:00:00"));
        assert!(d.note().unwrap().contains("all 2 surveys"));
        let short = Distribution { counted: 1, expected: 3, read: 1000, capped: true, ..d };
        assert!(short.note().unwrap().contains("1 of the 3") && short.note().unwrap().contains("1000"));
    }
}
