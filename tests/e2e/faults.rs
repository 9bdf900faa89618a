//! Upstream faults, as a table: every misbehaviour × every provider, through the
//! real host and component against the fake, with the expected outcome as data
//! ([`ROWS`]). Every row also checks the invariants: the call returns within its
//! budget (plus a margin), no write is applied twice, the credential never comes
//! out, and the next call is healthy (nothing bad was cached). The README's
//! "Upstream faults" section is rendered from the same rows
//! (`fault_table_in_readme_matches_the_rows`; `UPDATE_SNAPSHOTS=1` rewrites it).

use std::time::{Duration, Instant};

use helpdesk_fakes::gorgias::{Control, FakeGorgias, Fault, FaultKind, GorgiasOptions, fixtures as g};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions, fixtures as k};
use helpdesk_fakes::ohd::{FakeOhd, OhdOptions, fixtures as o};
use helpdesk_fakes::tickiti::{FakeTickiti, TickitiOptions, fixtures as t};
use helpdesk_tests::harness::{HostBuilder, text_of, workspace};
use serde_json::{Value, json};

/// The budget of one call in these tests (`HELPDESK_TIMEOUT_SECS`).
const BUDGET: Duration = Duration::from_secs(3);
/// What a call may take past its budget: the last try's own wind-down and the
/// round trip through the host.
const MARGIN: Duration = Duration::from_secs(2);
/// `HELPDESK_MAX_RESPONSE_BYTES` here; the huge body is four times that.
const MAX_BODY: usize = 65_536;

/// The helpdesks.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Provider {
    Gorgias,
    KayakoClassic,
    Tickiti,
    OpenHelpDesk,
}

/// A misbehaviour of the upstream, applied to one request path.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Upset {
    /// 429 with `Retry-After: 1`.
    TooManyRetryAfter,
    /// 429 without `Retry-After`.
    TooMany,
    /// 500 with the API's error body.
    Status500,
    /// 502 with an HTML page (a proxy's, not the API's).
    Html502,
    /// 503 with the API's error body.
    Status503,
    /// No headers, ever.
    HangBeforeHeaders,
    /// Headers and half the body, then nothing.
    HangMidBody,
    /// The connection closed without an answer.
    Reset,
    /// A complete answer whose JSON or XML is cut in half.
    Truncated,
    /// The body in 16 pieces, 400 ms apart: slower than the budget as a whole.
    SlowDrip,
    /// A valid body four times the size cap.
    Huge,
    /// 302 to another origin.
    Redirect,
    /// The write is applied, then the connection drops.
    DropAfterApply,
    /// The write is applied, then nothing is answered.
    HangAfterApply,
    /// The write is applied, then 500 is answered.
    Status500AfterApply,
}

/// Which call a row makes: a read (`get_ticket`) or a write (an internal note).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Call {
    Read,
    Write,
}

/// What the caller gets.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    /// The right answer, saying it needed a retry.
    RetriedThenOk,
    /// An error that says to wait or try again.
    RetryHint,
    /// An error: no answer in time.
    TookTooLong,
    /// An error: the answer was over the size cap.
    TooLarge,
    /// An error: the redirect was not followed.
    Redirected,
    /// An error: the write may or may not have been applied; it was not resent.
    NeverResent,
    /// The write's answer was replayed under its idempotency key: done once.
    Replayed,
}

/// One row: the fault, how many requests it hits, the provider, the call, the outcome.
struct Row(Upset, usize, Provider, Call, Outcome);

use Call::{Read, Write};
use Outcome::*;
use Provider::*;
use Upset::*;

/// Enough tries to outlast every retry of one call.
const ALWAYS: usize = 50;

/// The table. `1`: the fault hits one request (a transient fault); [`ALWAYS`]: every one.
const ROWS: &[Row] = &[
    Row(TooManyRetryAfter, 1, Gorgias, Read, RetriedThenOk),
    Row(TooManyRetryAfter, 1, KayakoClassic, Read, RetriedThenOk),
    Row(TooManyRetryAfter, 1, Tickiti, Read, RetriedThenOk),
    Row(TooManyRetryAfter, 1, OpenHelpDesk, Read, RetriedThenOk),
    Row(TooMany, ALWAYS, Gorgias, Read, RetryHint),
    Row(TooMany, ALWAYS, KayakoClassic, Read, RetryHint),
    Row(TooMany, ALWAYS, Tickiti, Read, RetryHint),
    Row(TooMany, ALWAYS, OpenHelpDesk, Read, RetryHint),
    Row(Status500, 1, Gorgias, Read, RetriedThenOk),
    Row(Status500, 1, KayakoClassic, Read, RetriedThenOk),
    Row(Status500, 1, Tickiti, Read, RetriedThenOk),
    Row(Status500, 1, OpenHelpDesk, Read, RetriedThenOk),
    Row(Html502, ALWAYS, Gorgias, Read, RetryHint),
    Row(Html502, ALWAYS, KayakoClassic, Read, RetryHint),
    Row(Html502, ALWAYS, Tickiti, Read, RetryHint),
    Row(Html502, ALWAYS, OpenHelpDesk, Read, RetryHint),
    Row(Status503, 1, Gorgias, Read, RetriedThenOk),
    Row(Status503, 1, KayakoClassic, Read, RetriedThenOk),
    Row(Status503, 1, Tickiti, Read, RetriedThenOk),
    Row(Status503, 1, OpenHelpDesk, Read, RetriedThenOk),
    Row(HangBeforeHeaders, 1, Gorgias, Read, RetriedThenOk),
    Row(HangBeforeHeaders, 1, KayakoClassic, Read, RetriedThenOk),
    Row(HangBeforeHeaders, 1, Tickiti, Read, RetriedThenOk),
    Row(HangBeforeHeaders, 1, OpenHelpDesk, Read, RetriedThenOk),
    Row(HangBeforeHeaders, ALWAYS, Gorgias, Read, TookTooLong),
    Row(HangBeforeHeaders, ALWAYS, KayakoClassic, Read, TookTooLong),
    Row(HangBeforeHeaders, ALWAYS, Tickiti, Read, TookTooLong),
    Row(HangBeforeHeaders, ALWAYS, OpenHelpDesk, Read, TookTooLong),
    Row(HangMidBody, 1, Gorgias, Read, RetriedThenOk),
    Row(HangMidBody, 1, KayakoClassic, Read, RetriedThenOk),
    Row(HangMidBody, 1, Tickiti, Read, RetriedThenOk),
    Row(HangMidBody, 1, OpenHelpDesk, Read, RetriedThenOk),
    Row(Reset, 1, Gorgias, Read, RetriedThenOk),
    Row(Reset, 1, KayakoClassic, Read, RetriedThenOk),
    Row(Reset, 1, Tickiti, Read, RetriedThenOk),
    Row(Reset, 1, OpenHelpDesk, Read, RetriedThenOk),
    Row(Truncated, 1, Gorgias, Read, RetriedThenOk),
    Row(Truncated, 1, KayakoClassic, Read, RetriedThenOk),
    Row(Truncated, 1, Tickiti, Read, RetriedThenOk),
    Row(Truncated, 1, OpenHelpDesk, Read, RetriedThenOk),
    Row(SlowDrip, ALWAYS, Gorgias, Read, TookTooLong),
    Row(SlowDrip, ALWAYS, KayakoClassic, Read, TookTooLong),
    Row(SlowDrip, ALWAYS, Tickiti, Read, TookTooLong),
    Row(SlowDrip, ALWAYS, OpenHelpDesk, Read, TookTooLong),
    Row(Huge, ALWAYS, Gorgias, Read, TooLarge),
    Row(Huge, ALWAYS, KayakoClassic, Read, TooLarge),
    Row(Huge, ALWAYS, Tickiti, Read, TooLarge),
    Row(Huge, ALWAYS, OpenHelpDesk, Read, TooLarge),
    Row(Redirect, ALWAYS, Gorgias, Read, Redirected),
    Row(Redirect, ALWAYS, KayakoClassic, Read, Redirected),
    Row(Redirect, ALWAYS, Tickiti, Read, Redirected),
    Row(Redirect, ALWAYS, OpenHelpDesk, Read, Redirected),
    Row(DropAfterApply, 1, Gorgias, Write, NeverResent),
    Row(DropAfterApply, 1, KayakoClassic, Write, NeverResent),
    Row(DropAfterApply, 1, Tickiti, Write, Replayed),
    Row(DropAfterApply, 1, OpenHelpDesk, Write, NeverResent),
    Row(HangAfterApply, 1, Gorgias, Write, NeverResent),
    Row(HangAfterApply, 1, KayakoClassic, Write, NeverResent),
    Row(HangAfterApply, 1, Tickiti, Write, Replayed),
    Row(HangAfterApply, 1, OpenHelpDesk, Write, NeverResent),
    Row(Status500AfterApply, 1, Gorgias, Write, NeverResent),
    Row(Status500AfterApply, 1, KayakoClassic, Write, NeverResent),
    Row(Status500AfterApply, 1, Tickiti, Write, Replayed),
    Row(Status500AfterApply, 1, OpenHelpDesk, Write, NeverResent),
];

impl Upset {
    fn kind(self) -> FaultKind {
        let status = |code, body: Option<&str>, retry_after| FaultKind::Status {
            code,
            body: body.map(str::to_owned),
            retry_after,
        };
        match self {
            TooManyRetryAfter => status(429, None, Some(1)),
            TooMany => status(429, None, None),
            Status500 => status(500, None, None),
            Html502 => status(502, Some(HTML_502), None),
            Status503 => status(503, None, None),
            HangBeforeHeaders => FaultKind::Hang,
            HangMidBody => FaultKind::HangMidBody,
            Reset => FaultKind::DropConnection,
            Truncated => FaultKind::Truncated,
            SlowDrip => FaultKind::SlowDrip { every_ms: 400 },
            Huge => FaultKind::Huge { bytes: 4 * MAX_BODY },
            Redirect => FaultKind::Redirect { location: "http://127.0.0.1:9/elsewhere".into() },
            DropAfterApply => FaultKind::DropAfterApply,
            HangAfterApply => FaultKind::HangAfterApply,
            Status500AfterApply => FaultKind::StatusAfterApply { code: 500 },
        }
    }

    fn describe(self) -> &'static str {
        match self {
            TooManyRetryAfter => "429 with `Retry-After: 1`",
            TooMany => "429 without `Retry-After`",
            Status500 => "500",
            Html502 => "502 with an HTML page",
            Status503 => "503",
            HangBeforeHeaders => "hang before headers",
            HangMidBody => "hang mid-body",
            Reset => "connection reset",
            Truncated => "truncated JSON / XML",
            SlowDrip => "slow drip (16 pieces, 400 ms apart)",
            Huge => "huge body (4 × the cap)",
            Redirect => "302 redirect to another origin",
            DropAfterApply => "write applied, then connection dropped",
            HangAfterApply => "write applied, then no answer",
            Status500AfterApply => "write applied, then 500",
        }
    }
}

const HTML_502: &str =
    "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";

impl Outcome {
    fn describe(self) -> &'static str {
        match self {
            RetriedThenOk => "retried, then the right answer (saying so)",
            RetryHint => "error with a retry hint",
            TookTooLong => "error: took too long",
            TooLarge => "error: too large",
            Redirected => "error: redirect not followed",
            NeverResent => "error: outcome unknown, never resent",
            Replayed => "done once (idempotency key replayed)",
        }
    }

    /// What the result must say (`None`: it must succeed).
    fn error_says(self) -> Option<&'static [&'static str]> {
        match self {
            RetriedThenOk | Replayed => None,
            RetryHint => Some(&["try again", "Wait", "wait"]),
            TookTooLong => Some(&["did not answer in time"]),
            TooLarge => Some(&["larger than"]),
            Redirected => Some(&["redirect"]),
            NeverResent => Some(&["may or may not have been applied"]),
        }
    }
}

impl Provider {
    fn name(self) -> &'static str {
        match self {
            Gorgias => "gorgias",
            KayakoClassic => "kayako_classic",
            Tickiti => "tickiti",
            OpenHelpDesk => "open_help_desk",
        }
    }

    /// The read's arguments, the path its faults hit, and text the answer contains.
    fn read(self) -> (Value, String, &'static str) {
        match self {
            Gorgias => (
                json!({ "id": g::REFUND_TICKET_ID }),
                format!("/api/tickets/{}", g::REFUND_TICKET_ID),
                g::REFUND_TICKET_SUBJECT,
            ),
            KayakoClassic => (
                json!({ "id": k::LOGIN_TICKET_ID }),
                format!("/Tickets/Ticket/{}", k::LOGIN_TICKET_ID),
                k::LOGIN_TICKET_SUBJECT,
            ),
            Tickiti => (json!({ "id": t::RETURN_TICKET }), "/api/v1/tickets/show".into(), t::RETURN_SUBJECT),
            OpenHelpDesk => (
                json!({ "id": o::TICKET_293 }),
                format!("/api/v1/tickets/{}", o::TICKET_293),
                o::TICKET_293_SUBJECT,
            ),
        }
    }

    /// The write's arguments (an internal note), its method and the path its faults hit.
    fn write(self) -> (Value, &'static str, String) {
        let note =
            |id: Value| json!({ "id": id, "message": "Checked the carrier's tracking.", "internal": true });
        match self {
            Gorgias => {
                (note(json!(g::BOB_TICKET_ID)), "POST", format!("/api/tickets/{}/messages", g::BOB_TICKET_ID))
            }
            KayakoClassic => (note(json!(k::LOGIN_TICKET_ID)), "POST", "/Tickets/TicketNote".into()),
            Tickiti => (note(json!(t::RETURN_TICKET)), "POST", "/api/v1/tickets/respond".into()),
            OpenHelpDesk => (note(json!(o::TICKET_293)), "POST", "/api/v1/tickets/".into()),
        }
    }

    /// Every credential the host holds for this provider.
    fn secrets(self) -> &'static [&'static str] {
        match self {
            Gorgias => &[g::API_KEY],
            KayakoClassic => &[k::API_KEY, k::SECRET_KEY],
            Tickiti => &[t::FULL_TOKEN],
            OpenHelpDesk => &[o::ADMIN_KEY],
        }
    }
}

/// A running fake of any provider.
enum Fake {
    Gorgias(FakeGorgias),
    Kayako(FakeKayako),
    Tickiti(FakeTickiti),
    Ohd(FakeOhd),
}

impl Fake {
    async fn start(p: Provider) -> anyhow::Result<Self> {
        Ok(match p {
            Gorgias => Fake::Gorgias(FakeGorgias::start(GorgiasOptions::default()).await?),
            KayakoClassic => Fake::Kayako(FakeKayako::start(KayakoOptions::default()).await?),
            Tickiti => Fake::Tickiti(FakeTickiti::start(TickitiOptions::default()).await?),
            OpenHelpDesk => Fake::Ohd(FakeOhd::start(OhdOptions::default()).await?),
        })
    }

    fn control(&self) -> Control {
        match self {
            Fake::Gorgias(f) => f.control(),
            Fake::Kayako(f) => f.control().clone(),
            Fake::Tickiti(f) => f.control().clone(),
            Fake::Ohd(f) => f.control().clone(),
        }
    }

    fn host(&self) -> HostBuilder {
        let b = match self {
            Fake::Gorgias(f) => HostBuilder::gorgias(f),
            Fake::Kayako(f) => HostBuilder::kayako(f),
            Fake::Tickiti(f) => HostBuilder::tickiti(f, t::FULL_TOKEN),
            Fake::Ohd(f) => HostBuilder::ohd(f, o::ADMIN_KEY),
        };
        b.env("HELPDESK_ACCESS_LEVEL", "agent")
            .env("HELPDESK_CONFIRM_WRITES", "0")
            .env("HELPDESK_TIMEOUT_SECS", &BUDGET.as_secs().to_string())
            .env("HELPDESK_ATTEMPT_TIMEOUT_SECS", "1")
            .env("HELPDESK_MAX_RESPONSE_BYTES", &MAX_BODY.to_string())
    }
}

/// Runs every row of `provider` against one fake and one host, in order; returns
/// what went wrong, row by row.
async fn run_rows(provider: Provider) -> anyhow::Result<Vec<String>> {
    let fake = Fake::start(provider).await?;
    let control = fake.control();
    control.set_rate_limit(None);
    let host = fake.host().stdio().await?;
    let (read_args, read_path, subject) = provider.read();
    let (write_args, write_method, write_path) = provider.write();
    // Warm the reference cache, so every row's faults meet the call's own requests.
    host.text("get_ticket", read_args.clone()).await?;
    let mut failures = Vec::new();
    for (i, row) in ROWS.iter().enumerate().filter(|(_, r)| r.2 == provider) {
        let Row(upset, times, _, call, outcome) = *row;
        let label = format!("row {i} ({}, {:?} {}, {:?})", provider.name(), upset, times, call);
        let (tool, args, method, path) = match call {
            Read => ("get_ticket", read_args.clone(), None, read_path.clone()),
            // A new note each row: the product refuses to post an identical note twice.
            Write => {
                let mut args = write_args.clone();
                args["message"] = json!(format!("Checked the carrier's tracking (row {i})."));
                ("reply_to_ticket", args, Some(write_method), write_path.clone())
            }
        };
        control.clear_faults();
        control.reset_requests();
        control.reset_writes();
        let mut fault = Fault::new(&path, upset.kind()).with_times(times);
        if call == Read {
            fault = fault.exact();
        }
        if let Some(m) = method {
            fault = fault.with_method(m);
        }
        control.inject(fault);
        let started = Instant::now();
        // Bounded here too, so a call that never returns fails its row, not the suite.
        let result = match tokio::time::timeout(BUDGET + MARGIN * 3, host.call(tool, args)).await {
            Ok(r) => r,
            Err(_) => Err(anyhow::anyhow!("no answer after {:?}", BUDGET + MARGIN * 3)),
        };
        let took = started.elapsed();
        eprintln!("{label}: {took:?}");
        let mut problems = Vec::new();
        match &result {
            Err(e) => problems.push(format!("the call failed at the protocol level: {e}")),
            Ok(r) => {
                let text = text_of(r);
                let is_error = r.is_error == Some(true);
                match outcome.error_says() {
                    None if is_error => problems.push(format!("expected success, got: {text}")),
                    None if call == Read && !(text.contains(subject) && text.contains("Retried")) => {
                        problems.push(format!("expected the answer with a retry note, got: {text}"))
                    }
                    Some(words) if !is_error || !words.iter().any(|w| text.contains(w)) => {
                        problems.push(format!("expected an error saying one of {words:?}, got: {text}"))
                    }
                    _ => {}
                }
                let everything = format!("{text} {:?}", r.structured_content);
                if provider.secrets().iter().any(|s| everything.contains(s)) {
                    problems.push("a credential is in the result".into());
                }
                if everything.contains("<html") || everything.contains("<h1>") {
                    problems.push(format!("an upstream HTML page is in the result: {text}"));
                }
            }
        }
        if took > BUDGET + MARGIN {
            problems.push(format!("took {took:?}, past the budget {BUDGET:?} + {MARGIN:?}"));
        }
        // Reads: the faulted path itself (Open Help Desk also reads `<ticket>/replies`).
        let on_path = |p: &str| {
            if call == Read { p.trim_end_matches('/') == path } else { p.starts_with(path.as_str()) }
        };
        let faulted = control.requests().iter().filter(|r| on_path(&r.path)).count();
        if outcome == RetriedThenOk && faulted != times + 1 {
            problems.push(format!("{faulted} requests to {path}, expected the faulted one and one retry"));
        }
        if call == Write {
            let applied = control.count_writes(write_method, &write_path);
            if applied != 1 {
                problems.push(format!("the write was applied {applied} times"));
            }
        }
        // Healthy again: the next call, with no fault, answers from fresh data.
        control.clear_faults();
        let next = tokio::time::timeout(BUDGET + MARGIN, host.call("get_ticket", read_args.clone())).await;
        match next.unwrap_or_else(|_| Err(anyhow::anyhow!("no answer in time"))) {
            Ok(r)
                if r.is_error != Some(true)
                    && text_of(&r).contains(subject)
                    && !text_of(&r).contains("Retried") => {}
            Ok(r) => problems.push(format!("the next call was not healthy: {}", text_of(&r))),
            Err(e) => problems.push(format!("the next call failed: {e}")),
        }
        if !problems.is_empty() {
            failures.push(format!("{label} in {took:?}: {}", problems.join("; ")));
        }
    }
    Ok(failures)
}

async fn check(provider: Provider) -> anyhow::Result<()> {
    let failures = run_rows(provider).await?;
    anyhow::ensure!(failures.is_empty(), "{} rows failed:\n{}", failures.len(), failures.join("\n"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn fault_table_gorgias() -> anyhow::Result<()> {
    check(Gorgias).await
}

#[tokio::test(flavor = "multi_thread")]
async fn fault_table_kayako_classic() -> anyhow::Result<()> {
    check(KayakoClassic).await
}

#[tokio::test(flavor = "multi_thread")]
async fn fault_table_tickiti() -> anyhow::Result<()> {
    check(Tickiti).await
}

#[tokio::test(flavor = "multi_thread")]
async fn fault_table_open_help_desk() -> anyhow::Result<()> {
    check(OpenHelpDesk).await
}

/// The README's table, rendered from [`ROWS`]: one line per fault, one column per provider.
fn markdown() -> String {
    let providers = [Gorgias, KayakoClassic, Tickiti, OpenHelpDesk];
    let mut out = String::from("| upstream fault | hits | call |");
    for p in providers {
        out.push_str(&format!(" {} |", p.name()));
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&"---|".repeat(providers.len()));
    let mut seen: Vec<(Upset, usize)> = Vec::new();
    for row in ROWS {
        if seen.contains(&(row.0, row.1)) {
            continue;
        }
        seen.push((row.0, row.1));
        let hits = if row.1 == 1 { "once" } else { "every try" };
        let call = match row.3 {
            Read => "`get_ticket`",
            Write => "`reply_to_ticket` (note)",
        };
        out.push_str(&format!("\n| {} | {hits} | {call} |", row.0.describe()));
        for p in providers {
            let cell = ROWS
                .iter()
                .find(|r| r.0 == row.0 && r.1 == row.1 && r.2 == p)
                .map_or("—", |r| r.4.describe());
            out.push_str(&format!(" {cell} |"));
        }
    }
    out.push('\n');
    out
}

const BEGIN: &str = "<!-- fault table: generated by tests/e2e/faults.rs -->\n";
const END: &str = "<!-- end of fault table -->";

#[test]
fn fault_table_in_readme_matches_the_rows() -> anyhow::Result<()> {
    let path = workspace().join("README.md");
    let readme = std::fs::read_to_string(&path)?;
    let (Some(start), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
        anyhow::bail!("README.md lacks the fault table markers `{}` … `{END}`", BEGIN.trim());
    };
    let want = markdown();
    let have = &readme[start + BEGIN.len()..end];
    if have != want {
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, format!("{}{want}{}", &readme[..start + BEGIN.len()], &readme[end..]))?;
            return Ok(());
        }
        anyhow::bail!("README.md's fault table differs from ROWS; UPDATE_SNAPSHOTS=1 rewrites it:\n{want}");
    }
    Ok(())
}

#[test]
fn every_fault_meets_every_provider_once() {
    let providers = [Gorgias, KayakoClassic, Tickiti, OpenHelpDesk];
    for row in ROWS {
        for p in providers {
            let n = ROWS.iter().filter(|r| r.0 == row.0 && r.1 == row.1 && r.3 == row.3 && r.2 == p).count();
            assert_eq!(n, 1, "{:?} × {} must have exactly one row", row.0, p.name());
        }
    }
}
