//! What the transport had to do again during one tool call, so the result can
//! say so: a model (and the person reading) should know when an answer came
//! only after a hung request was abandoned or a garbled one re-read.

use std::cell::RefCell;
use std::rc::Rc;

use super::{HttpError, Request, Response, Retried, Transport};

/// The retries of one call, shared between the transport wrapper and the caller.
#[derive(Clone, Debug, Default)]
pub struct Journal(Rc<RefCell<Vec<Retried>>>);

impl Journal {
    /// Wraps `inner` so every retry behind a kept answer is recorded here.
    pub fn wrap(&self, inner: Box<dyn Transport>) -> Box<dyn Transport> {
        Box::new(Journaled { inner, journal: self.clone() })
    }

    /// The sentence a result carries, when anything was retried.
    pub fn note(&self) -> Option<String> {
        let retried = self.0.borrow();
        if retried.is_empty() {
            return None;
        }
        let mut counts: Vec<(String, usize)> = Vec::new();
        for r in retried.iter() {
            let what = r.describe();
            match counts.iter_mut().find(|(w, _)| *w == what) {
                Some((_, n)) => *n += 1,
                None => counts.push((what, 1)),
            }
        }
        let parts: Vec<String> = counts
            .iter()
            .map(|(what, n)| match n {
                1 => format!("once the helpdesk {what}"),
                n => format!("{n} times the helpdesk {what}"),
            })
            .collect();
        Some(format!("Retried: {}; the answer above is from a later try.", parts.join(", ")))
    }
}

struct Journaled {
    inner: Box<dyn Transport>,
    journal: Journal,
}

impl Transport for Journaled {
    fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        let results = self.inner.send_all(requests);
        let mut log = self.journal.0.borrow_mut();
        for response in results.iter().flatten() {
            log.extend(response.retried.iter().copied());
        }
        results
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    struct Canned(Vec<Retried>);

    impl Transport for Canned {
        fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
            requests
                .iter()
                .map(|_| Ok(Response { status: 200, retried: self.0.clone(), ..Response::default() }))
                .collect()
        }
    }

    fn request() -> Request {
        Request {
            method: super::super::Method::Get,
            scheme: super::super::Scheme::Https,
            authority: "h".into(),
            path_and_query: "/".into(),
            headers: vec![],
            body: None,
            idempotent: true,
        }
    }

    #[test]
    fn first_tries_leave_no_note() {
        let journal = Journal::default();
        let t = journal.wrap(Box::new(Canned(vec![])));
        assert!(t.send(request()).is_ok());
        assert_eq!(journal.note(), None);
    }

    #[test]
    fn retries_are_counted_and_said() {
        let journal = Journal::default();
        let t = journal.wrap(Box::new(Canned(vec![Retried::TimedOut(Duration::from_secs(10))])));
        let _ = t.send_all(vec![request(), request()]);
        let _ = journal.wrap(Box::new(Canned(vec![Retried::Malformed]))).send(request());
        let note = journal.note().unwrap();
        assert!(note.contains("2 times the helpdesk did not answer within 10 s"), "{note}");
        assert!(note.contains("once the helpdesk sent an answer that could not be read"), "{note}");
    }
}
