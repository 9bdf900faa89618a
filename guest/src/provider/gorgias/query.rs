//! What a search query is: pure classification, no I/O. `shape` reads the
//! syntax (ticket number, email, order reference, free text); `match_view` and
//! `name_score` decide free text against reference data the caller fetched.

use strsim::{jaro_winkler, normalized_levenshtein};

/// The syntactic reading of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `#4521`, `ticket 4521` (explicit) or bare digits (could also be an order).
    TicketId {
        /// The number.
        id: u64,
        /// Written as a ticket number, not just digits.
        explicit: bool,
    },
    /// An email address.
    Email(String),
    /// An order or return reference such as `NW-10234` or `order #1234`.
    Order(String),
    /// Anything else.
    Text(String),
}

/// Reads the syntax of `query` (already trimmed, non-empty).
pub fn shape(query: &str) -> Shape {
    let q = query.trim();
    let lower = q.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("ticket")
        && let Some(id) = digits(rest.trim().trim_start_matches('#').trim())
    {
        return Shape::TicketId { id, explicit: true };
    }
    if let Some(rest) = q.strip_prefix('#')
        && let Some(id) = digits(rest.trim())
    {
        return Shape::TicketId { id, explicit: true };
    }
    if let Some(id) = digits(q) {
        return Shape::TicketId { id, explicit: false };
    }
    if is_email(q) {
        return Shape::Email(lower);
    }
    for prefix in ["order number", "order no.", "order no", "order", "return", "rma"] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let reference = rest.trim().trim_start_matches(['#', ':']).trim();
            if !reference.is_empty()
                && !reference.contains(char::is_whitespace)
                && reference.bytes().any(|b| b.is_ascii_digit())
            {
                return Shape::Order(q[q.len() - reference.len()..].to_owned());
            }
        }
    }
    let token = q.trim_start_matches('#');
    if is_reference(token) {
        return Shape::Order(token.to_owned());
    }
    Shape::Text(q.to_owned())
}

fn digits(s: &str) -> Option<u64> {
    if !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

/// One token mixing letters and at least two digits, like `NW-10234`, `R12345`
/// or `ORD_5356`: an order, return or tracking reference.
fn is_reference(s: &str) -> bool {
    let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    s.len() >= 4
        && letters >= 1
        && digits >= 2
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'/')
}

/// Lower-cased words of `s` (letters and digits).
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Whether free text could be a person's name: one to four words of letters
/// (apostrophes and hyphens allowed), no digits.
pub fn could_be_name(text: &str) -> bool {
    let parts: Vec<&str> = text.split_whitespace().collect();
    (1..=4).contains(&parts.len())
        && parts.iter().all(|p| p.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '.'))
}

/// The view `text` names, if it names one clearly: the same words (ignoring a
/// trailing "view" and case), or a close spelling.
pub fn match_view<'a>(text: &str, views: &'a [(u64, String)]) -> Option<&'a (u64, String)> {
    let mut wanted = words(text);
    if wanted.last().is_some_and(|w| w == "view" || w == "views") && wanted.len() > 1 {
        wanted.pop();
    }
    let wanted = wanted.join(" ");
    if wanted.is_empty() {
        return None;
    }
    let normal = |name: &str| words(name).join(" ");
    views.iter().find(|(_, name)| normal(name) == wanted).or_else(|| {
        let best = views
            .iter()
            .map(|v| (jaro_winkler(&normal(&v.1), &wanted), v))
            .filter(|(score, _)| *score >= 0.93)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        best.map(|(_, v)| v)
    })
}

/// How well `name` matches the typed `query`, 0-100: 100 for the same words,
/// 90 when every typed word is one of the name's words (Alice → Alice Johnson),
/// then by close spelling. Below 85 is not a confident match.
pub fn name_score(query: &str, name: &str) -> u32 {
    let q = words(query);
    let n = words(name);
    if q.is_empty() || n.is_empty() {
        return 0;
    }
    if q == n {
        return 100;
    }
    if q.iter().all(|w| n.contains(w)) {
        return 90;
    }
    let spelled = jaro_winkler(&q.join(" "), &n.join(" "));
    // Each typed word one slip from a name word ("Jonson"), not merely a prefix
    // of a longer one ("Bob" is not "Bobby").
    let per_word =
        q.iter().all(|w| n.iter().any(|m| w.chars().count() > 3 && normalized_levenshtein(w, m) >= 0.8));
    if per_word { 86 } else { (spelled * 80.0) as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_explicit_and_bare() {
        assert_eq!(shape("#4521"), Shape::TicketId { id: 4521, explicit: true });
        assert_eq!(shape("ticket 4521"), Shape::TicketId { id: 4521, explicit: true });
        assert_eq!(shape("Ticket #4521"), Shape::TicketId { id: 4521, explicit: true });
        assert_eq!(shape("4521"), Shape::TicketId { id: 4521, explicit: false });
    }

    #[test]
    fn emails() {
        assert_eq!(shape("Alice.Johnson@Example.com"), Shape::Email("alice.johnson@example.com".into()));
        assert!(matches!(shape("alice@localhost"), Shape::Text(_)));
        assert!(matches!(shape("@handle"), Shape::Text(_)));
    }

    #[test]
    fn order_references() {
        assert_eq!(shape("NW-10234"), Shape::Order("NW-10234".into()));
        assert_eq!(shape("order #1234"), Shape::Order("1234".into()));
        assert_eq!(shape("Order NW-10234"), Shape::Order("NW-10234".into()));
        assert_eq!(shape("#R12345"), Shape::Order("R12345".into()));
        assert_eq!(shape("RMA 5521"), Shape::Order("5521".into()));
    }

    #[test]
    fn everything_else_is_text() {
        for q in ["refund not received", "Alice Johnson", "Urgent refunds", "mp3", "order status", "4k tv"] {
            assert!(matches!(shape(q), Shape::Text(_)), "{q}");
        }
    }

    #[test]
    fn names_are_short_words_of_letters() {
        assert!(could_be_name("Alice Johnson"));
        assert!(could_be_name("o'brien"));
        assert!(could_be_name("Jean-Luc Picard"));
        assert!(!could_be_name("order 1234"));
        assert!(!could_be_name("one two three four five"));
    }

    #[test]
    fn views_match_by_words_or_close_spelling() {
        let views = vec![
            (1, "Urgent refunds".to_string()),
            (2, "Chat backlog".to_string()),
            (3, "Open tickets".to_string()),
        ];
        assert_eq!(match_view("urgent refunds", &views).map(|v| v.0), Some(1));
        assert_eq!(match_view("Urgent Refunds view", &views).map(|v| v.0), Some(1));
        assert_eq!(match_view("chat backlogg", &views).map(|v| v.0), Some(2));
        assert_eq!(match_view("refund", &views), None);
        assert_eq!(match_view("tickets", &views), None);
    }

    #[test]
    fn name_scores_rank_exact_partial_and_typos() {
        assert_eq!(name_score("alice johnson", "Alice Johnson"), 100);
        assert_eq!(name_score("Alice", "Alice Johnson"), 90);
        assert!(name_score("Alice Jonson", "Alice Johnson") >= 85);
        assert!(name_score("tracking", "Tracy King") < 85);
        assert!(name_score("refund", "Alice Johnson") < 85);
    }
}
