//! Turning helpdesk message bodies into compact plain text: HTML to text, quoted
//! replies and signatures removed, long text clipped. Pure and provider-neutral.

/// Converts HTML to readable plain text: block elements become line breaks, list
/// items get dashes, links keep their target, entities are decoded, and
/// `<script>`, `<style>`, `<head>` and quoted replies (`<blockquote>`,
/// `gmail_quote` blocks) are dropped.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    // Depth inside elements whose content is dropped, with the tag that closes it.
    let mut skip: Vec<String> = Vec::new();
    let mut link: Option<String> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip.is_empty() {
            push_text(&mut out, &rest[..lt]);
        }
        rest = &rest[lt..];
        let starts_tag =
            rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        let Some(gt) = tag_end(rest).filter(|_| starts_tag) else {
            // A bare `<` (as in "a < b") is text.
            if skip.is_empty() {
                push_text(&mut out, "<");
            }
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with("!--") || tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name =
            tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        let name = name.to_ascii_lowercase();
        if let Some(open) = skip.last() {
            if closing && *open == name {
                skip.pop();
            } else if !closing && *open == name && !tag.ends_with('/') {
                skip.push(name);
            }
            continue;
        }
        if !closing && drops_content(&name, tag) {
            if !tag.ends_with('/') {
                skip.push(name);
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("br", _) => out.push('\n'),
            ("li", false) => {
                newline(&mut out);
                out.push_str("- ");
            }
            ("a", false) => link = attribute(tag, "href").filter(|h| h.starts_with("http")),
            ("a", true) => {
                if let Some(href) = link.take() {
                    let shown = out.rsplit('\n').next().unwrap_or_default();
                    if !shown.contains(href.as_str()) {
                        out.push_str(&format!(" ({href})"));
                    }
                }
            }
            (
                "p" | "div" | "tr" | "table" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                | "section" | "article" | "header" | "footer" | "hr",
                _,
            ) => paragraph(&mut out),
            ("td" | "th", true) => out.push(' '),
            _ => {}
        }
    }
    if skip.is_empty() {
        push_text(&mut out, rest);
    }
    tidy(&out)
}

/// Elements whose whole content is noise or a quoted earlier message.
fn drops_content(name: &str, tag: &str) -> bool {
    matches!(name, "script" | "style" | "head" | "title" | "blockquote")
        || (name == "div" && attribute(tag, "class").is_some_and(|c| c.contains("gmail_quote")))
}

/// Index of the `>` closing the tag at the start of `s`, skipping quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let value = tag[value_start..].trim_start();
        let (value, _) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split_once(q).unwrap_or((&value[1..], "")),
            _ => value.split_once(char::is_whitespace).unwrap_or((value, "")),
        };
        return Some(decode_entities(value));
    }
    None
}

fn push_text(out: &mut String, raw: &str) {
    let decoded = decode_entities(raw);
    for c in decoded.chars() {
        let c = if c == '\u{a0}' || c.is_whitespace() { ' ' } else { c };
        if c == ' ' && (out.ends_with(' ') || out.ends_with('\n') || out.is_empty()) {
            continue;
        }
        out.push(c);
    }
}

fn newline(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn paragraph(out: &mut String) {
    newline(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Decodes HTML character references: numeric ones and the named ones that
/// support mail actually uses. Unknown names are left as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(|c: char| c == ';' || c == '&' || c.is_whitespace()).map(|i| i + 1);
        let decoded = match end {
            Some(end) if rest.as_bytes().get(end) == Some(&b';') => {
                entity(&rest[1..end]).map(|c| (c, end + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "euro" => '\u{20ac}',
        "pound" => '\u{a3}',
        "copy" => '\u{a9}',
        "reg" => '\u{ae}',
        "trade" => '\u{2122}',
        "eacute" => '\u{e9}',
        "egrave" => '\u{e8}',
        "agrave" => '\u{e0}',
        "ccedil" => '\u{e7}',
        "uuml" => '\u{fc}',
        "ouml" => '\u{f6}',
        "auml" => '\u{e4}',
        "szlig" => '\u{df}',
        _ => return None,
    })
}

/// Removes quoted earlier messages and signatures from a plain-text reply: the
/// "On … wrote:" header and everything after it (and its usual translations),
/// Outlook "Original Message" / "From: … Sent:" blocks, `>` quoted lines, the
/// `-- ` signature delimiter and "Sent from my phone" footers. If nothing would
/// remain, the text is kept whole: a reply that is only a quote still says something.
pub fn strip_quoted(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let next = lines.get(i + 1).map_or("", |l| l.trim());
        if starts_quote_header(trimmed, next) || *line == "-- " || trimmed == "--" {
            break;
        }
        if trimmed.starts_with('>') || is_device_footer(trimmed) {
            continue;
        }
        kept.push(line);
    }
    let stripped = tidy(&kept.join("\n"));
    if stripped.is_empty() { tidy(text) } else { stripped }
}

fn starts_quote_header(line: &str, next: &str) -> bool {
    let lower = line.to_lowercase();
    let wrote = |l: &str| {
        ["wrote:", "a écrit :", "a écrit:", "schrieb:", "escribió:", "scritto:", "schreef:"]
            .iter()
            .any(|w| l.ends_with(w))
    };
    let on = ["on ", "le ", "am ", "el ", "il ", "op "].iter().any(|p| lower.starts_with(p));
    (on && (wrote(&lower) || wrote(&next.to_lowercase())))
        || lower.starts_with("-----original message-----")
        || lower.starts_with("________________________________")
        || (lower.starts_with("from:") && next.to_lowercase().starts_with("sent:"))
}

fn is_device_footer(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.starts_with("sent from my ") || lower == "get outlook for ios" || lower == "get outlook for android"
}

/// Trims each line's end, collapses runs of blank lines to one, trims the whole.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Shortens `text` to at most `max` characters, cutting at a word boundary when
/// one is near. Returns the text and whether it was cut.
pub fn clip(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        None => (text.to_owned(), false),
        Some((cut, _)) => {
            let head = &text[..cut];
            let at_word = head.rfind(char::is_whitespace).filter(|&i| i > cut * 4 / 5).unwrap_or(cut);
            (head[..at_word].trim_end().to_owned(), true)
        }
    }
}

/// Plain text as simple HTML for message bodies: characters escaped, blank
/// lines separating paragraphs, single newlines as line breaks.
pub fn text_to_html(text: &str) -> String {
    let escape =
        |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    tidy(text)
        .split("\n\n")
        .map(|para| format!("<p>{}</p>", para.lines().map(escape).collect::<Vec<_>>().join("<br>")))
        .collect()
}

/// Collapses all whitespace to single spaces (for one-line excerpts).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_paragraphs_breaks_and_entities() {
        let html = "<p>Hi Alice,</p><p>Your refund of &pound;42&nbsp;was sent &amp; should arrive<br>in 3&ndash;5 days.</p>";
        assert_eq!(
            html_to_text(html),
            "Hi Alice,\n\nYour refund of £42 was sent & should arrive\nin 3–5 days."
        );
    }

    #[test]
    fn html_drops_blockquotes_styles_and_gmail_quotes() {
        let html = "<style>p{color:red}</style><div>Thanks!</div><blockquote><p>old <blockquote>older</blockquote> text</p></blockquote>\
                    <div class=\"gmail_quote\">On Mon, x wrote: <div>quoted</div></div><p>Bye</p>";
        assert_eq!(html_to_text(html), "Thanks!\n\nBye");
    }

    #[test]
    fn html_lists_and_links() {
        let html = "<ul><li>Track it <a href=\"https://track.example/1Z\">here</a></li><li>Call us</li></ul>";
        assert_eq!(html_to_text(html), "- Track it here (https://track.example/1Z)\n- Call us");
    }

    #[test]
    fn html_link_whose_text_is_the_url_is_not_repeated() {
        assert_eq!(html_to_text("<a href='https://x.test/a'>https://x.test/a</a>"), "https://x.test/a");
    }

    #[test]
    fn html_tolerates_broken_markup() {
        assert_eq!(html_to_text("a < b and <b>bold"), "a < b and bold");
        assert_eq!(html_to_text("<p title=\"x > y\">ok</p>"), "ok");
        assert_eq!(html_to_text("x &bogus; &#128512; &#x41;"), "x &bogus; 😀 A");
    }

    #[test]
    fn strips_on_wrote_quotes_and_signature() {
        let text = "Any update?\n\nSent from my iPhone\n\nOn Tue, 12 Nov 2026 at 10:42, Northwind Support <support@northwind.test> wrote:\n> We are looking into it.\n> Sarah";
        assert_eq!(strip_quoted(text), "Any update?");
    }

    #[test]
    fn strips_wrapped_quote_header_and_outlook_blocks() {
        assert_eq!(
            strip_quoted("Yes please.\nOn Tue, 12 Nov 2026, Support <s@x.test>\nwrote:\n> hi"),
            "Yes please."
        );
        assert_eq!(strip_quoted("Done.\n-----Original Message-----\nFrom: a"), "Done.");
        assert_eq!(strip_quoted("Done.\nFrom: Support\nSent: Monday\nSubject: x"), "Done.");
        assert_eq!(strip_quoted("Merci\nLe mar. 12 nov. 2026, Support a écrit :\n> x"), "Merci");
    }

    #[test]
    fn keeps_inline_text_and_drops_quoted_lines() {
        assert_eq!(
            strip_quoted("> Is it waterproof?\nYes, fully.\n> And the size?\nRuns small."),
            "Yes, fully.\nRuns small."
        );
    }

    #[test]
    fn strips_dash_dash_signature() {
        assert_eq!(strip_quoted("See you\n-- \nJane Doe\nCEO"), "See you");
    }

    #[test]
    fn a_reply_that_is_only_a_quote_is_kept() {
        assert_eq!(strip_quoted("> only quoted"), "> only quoted");
    }

    #[test]
    fn text_becomes_escaped_html_paragraphs() {
        assert_eq!(
            text_to_html("Hi <Alice>,\n\nRefund & label\nsent."),
            "<p>Hi &lt;Alice&gt;,</p><p>Refund &amp; label<br>sent.</p>"
        );
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("  a  \n\n\n\nb\n \n"), "  a\n\nb");
    }

    #[test]
    fn clip_prefers_word_boundaries_and_respects_chars() {
        assert_eq!(clip("short", 10), ("short".into(), false));
        assert_eq!(clip("hello wonderful world", 18), ("hello wonderful".into(), true));
        assert_eq!(clip("ééééé", 3), ("ééé".into(), true));
    }
}
