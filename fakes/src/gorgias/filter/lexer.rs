//! Tokenizer for the view filter language (`eq(ticket.status, 'open') && ...`).

/// One lexical token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Token {
    Ident(String),
    Str(String),
    Num(f64),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    And,
}

impl Token {
    /// How the token reads in error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Token::Ident(s) => format!("'{s}'"),
            Token::Str(s) => format!("string '{s}'"),
            Token::Num(n) => format!("number {n}"),
            Token::LParen => "'('".into(),
            Token::RParen => "')'".into(),
            Token::LBracket => "'['".into(),
            Token::RBracket => "']'".into(),
            Token::Comma => "','".into(),
            Token::And => "'&&'".into(),
        }
    }
}

/// Splits `src` into tokens, each with its character offset for error messages.
pub(crate) fn tokenize(src: &str) -> Result<Vec<(usize, Token)>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let token = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => Token::LParen,
            ')' => Token::RParen,
            '[' => Token::LBracket,
            ']' => Token::RBracket,
            ',' => Token::Comma,
            '&' if chars.get(i + 1) == Some(&'&') => {
                i += 1;
                Token::And
            }
            '\'' | '"' => {
                let (s, end) = string(&chars, i)?;
                i = end;
                Token::Str(s)
            }
            c if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) => {
                let mut end = i + 1;
                while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == '.') {
                    end += 1;
                }
                let text: String = chars[i..end].iter().collect();
                let n = text.parse().map_err(|_| format!("bad number '{text}' at position {start}"))?;
                i = end - 1;
                Token::Num(n)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = i + 1;
                while end < chars.len()
                    && (chars[end].is_ascii_alphanumeric() || chars[end] == '_' || chars[end] == '.')
                {
                    end += 1;
                }
                let text: String = chars[i..end].iter().collect();
                i = end - 1;
                Token::Ident(text)
            }
            other => return Err(format!("unexpected character '{other}' at position {start}")),
        };
        out.push((start, token));
        i += 1;
    }
    Ok(out)
}

/// Reads a quoted string starting at `open`; returns it and the index of the closing quote.
fn string(chars: &[char], open: usize) -> Result<(String, usize), String> {
    let quote = chars[open];
    let mut s = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                s.push(chars[i + 1]);
                i += 2;
            }
            c if c == quote => return Ok((s, i)),
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err(format!("unterminated string at position {open}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Token> {
        tokenize(src).unwrap().into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn tokenizes_calls_lists_and_escapes() {
        assert_eq!(
            kinds("eq(ticket.status, 'open') && gt(x, -1.5)"),
            vec![
                Token::Ident("eq".into()),
                Token::LParen,
                Token::Ident("ticket.status".into()),
                Token::Comma,
                Token::Str("open".into()),
                Token::RParen,
                Token::And,
                Token::Ident("gt".into()),
                Token::LParen,
                Token::Ident("x".into()),
                Token::Comma,
                Token::Num(-1.5),
                Token::RParen,
            ]
        );
        assert_eq!(kinds(r"['it\'s', null]")[1], Token::Str("it's".into()));
    }

    #[test]
    fn reports_bad_input() {
        assert!(tokenize("eq(a, 'open").unwrap_err().contains("unterminated"));
        assert!(tokenize("eq(a, 1) || eq(b, 2)").unwrap_err().contains("'|'"));
        assert!(tokenize("eq(a, 1) & eq(b, 2)").is_err());
    }
}
