//! Plain text to the HTML Gorgias stores in `body_html`: paragraphs, links, entities,
//! quoted replies in a `<blockquote>` and agent signatures.

/// Escapes the five HTML-significant characters.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One line, escaped, with `http(s)://` words turned into links.
fn line(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let trimmed = word.trim_end_matches(['.', ',', ')']);
            if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
                let tail = &word[trimmed.len()..];
                let url = escape(trimmed);
                format!("<a href=\"{url}\" target=\"_blank\" rel=\"noopener\">{url}</a>{}", escape(tail))
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Blank-line separated paragraphs as `<p>`, single newlines as `<br>`.
pub(crate) fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", p.lines().map(line).collect::<Vec<_>>().join("<br>")))
        .collect()
}

/// A short message (chat, SMS, notes) in a single `<div>`.
pub(crate) fn plain(text: &str) -> String {
    format!("<div>{}</div>", text.lines().map(line).collect::<Vec<_>>().join("<br>"))
}

/// An agent signature block the way the helpdesk appends it.
pub(crate) fn signature(lines: &[&str]) -> String {
    let inner: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    format!("<div class=\"gorgias-signature\" style=\"color:#6b7280\">{}</div>", inner.join("<br>"))
}

/// A quoted previous message as mail clients render it.
pub(crate) fn quote(attribution: &str, quoted: &str) -> String {
    format!(
        "<div class=\"gmail_quote\"><div class=\"gmail_attr\">{}<br></div><blockquote class=\"gmail_quote\" style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex\">{}</blockquote></div>",
        escape(attribution),
        paragraphs(quoted)
    )
}

/// `text` with every line prefixed by `> `, as it appears in the plain-text part.
pub(crate) fn quote_text(text: &str) -> String {
    text.lines()
        .map(|l| if l.is_empty() { ">".to_string() } else { format!("> {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_paragraphs_links_and_entities() {
        let html = paragraphs("Hi Tom & co,\n\nSee https://northwind.test/returns.\nThanks <3");
        assert_eq!(
            html,
            "<p>Hi Tom &amp; co,</p><p>See <a href=\"https://northwind.test/returns\" target=\"_blank\" rel=\"noopener\">https://northwind.test/returns</a>.<br>Thanks &lt;3</p>"
        );
        assert_eq!(quote_text("a\n\nb"), "> a\n>\n> b");
        assert!(quote("On Mon wrote:", "x").contains("<blockquote"));
    }
}
