//! Recursive-descent parser: `expr := call ('&&' call)*`, `call := FUNC '(' PATH ',' VALUE ')'`,
//! `VALUE := string | number | null | true | false | '[' VALUE (',' VALUE)* ']'`.

use super::lexer::{Token, tokenize};

/// The comparison functions Gorgias view filters use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
    ContainsAny,
    ContainsAll,
    NotContains,
}

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "eq" => Func::Eq,
            "neq" => Func::Neq,
            "gt" => Func::Gt,
            "gte" => Func::Gte,
            "lt" => Func::Lt,
            "lte" => Func::Lte,
            "containsAny" => Func::ContainsAny,
            "containsAll" => Func::ContainsAll,
            "notContains" => Func::NotContains,
            _ => return None,
        })
    }

    /// The name as written in filters, for error messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Func::Eq => "eq",
            Func::Neq => "neq",
            Func::Gt => "gt",
            Func::Gte => "gte",
            Func::Lt => "lt",
            Func::Lte => "lte",
            Func::ContainsAny => "containsAny",
            Func::ContainsAll => "containsAll",
            Func::NotContains => "notContains",
        }
    }
}

/// A literal as written, before it is checked against the field it is compared with.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Literal {
    Str(String),
    Num(f64),
    Null,
    Bool(bool),
    List(Vec<Literal>),
}

/// One `func(path, value)` term.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Call {
    pub func: Func,
    pub path: String,
    pub value: Literal,
}

/// Parses a whole filter expression; an empty or blank one has no terms.
pub(crate) fn parse(src: &str) -> Result<Vec<Call>, String> {
    let mut p = Parser { tokens: tokenize(src)?, pos: 0 };
    let mut calls = Vec::new();
    if p.tokens.is_empty() {
        return Ok(calls);
    }
    calls.push(p.call()?);
    while p.peek() == Some(&Token::And) {
        p.pos += 1;
        calls.push(p.call()?);
    }
    match p.tokens.get(p.pos) {
        None => Ok(calls),
        Some((at, t)) => Err(format!("expected '&&' but found {} at position {at}", t.describe())),
    }
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn next(&mut self, wanted: &str) -> Result<Token, String> {
        match self.tokens.get(self.pos) {
            Some((_, t)) => {
                self.pos += 1;
                Ok(t.clone())
            }
            None => Err(format!("expected {wanted} but the filter ended")),
        }
    }

    fn expect(&mut self, token: Token) -> Result<(), String> {
        let wanted = token.describe();
        let at = self.tokens.get(self.pos).map_or(0, |(at, _)| *at);
        let got = self.next(&wanted)?;
        if got == token {
            Ok(())
        } else {
            Err(format!("expected {wanted} but found {} at position {at}", got.describe()))
        }
    }

    fn call(&mut self) -> Result<Call, String> {
        let func = match self.next("a function")? {
            Token::Ident(name) => {
                Func::from_name(&name).ok_or_else(|| format!("unknown function '{name}'"))?
            }
            other => return Err(format!("expected a function but found {}", other.describe())),
        };
        self.expect(Token::LParen)?;
        let path = match self.next("a field")? {
            Token::Ident(path) => path,
            other => return Err(format!("expected a field but found {}", other.describe())),
        };
        self.expect(Token::Comma)?;
        let value = self.value()?;
        self.expect(Token::RParen)?;
        Ok(Call { func, path, value })
    }

    fn value(&mut self) -> Result<Literal, String> {
        match self.next("a value")? {
            Token::Str(s) => Ok(Literal::Str(s)),
            Token::Num(n) => Ok(Literal::Num(n)),
            Token::Ident(word) => match word.as_str() {
                "null" => Ok(Literal::Null),
                "true" => Ok(Literal::Bool(true)),
                "false" => Ok(Literal::Bool(false)),
                _ => Err(format!("unexpected word '{word}' where a value belongs")),
            },
            Token::LBracket => {
                let mut items = Vec::new();
                if self.peek() == Some(&Token::RBracket) {
                    self.pos += 1;
                    return Ok(Literal::List(items));
                }
                loop {
                    items.push(self.value()?);
                    match self.next("',' or ']'")? {
                        Token::Comma => continue,
                        Token::RBracket => return Ok(Literal::List(items)),
                        other => {
                            return Err(format!("expected ',' or ']' but found {}", other.describe()));
                        }
                    }
                }
            }
            other => Err(format!("expected a value but found {}", other.describe())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_conjunctions_and_lists() {
        let calls = parse(
            "containsAny(ticket.tags.name, ['refund', 'return']) && eq(ticket.priority, 'high') && eq(ticket.assignee_user.id, null)",
        )
        .unwrap();
        assert_eq!(calls.len(), 3);
        assert_eq!(calls[0].func, Func::ContainsAny);
        assert_eq!(calls[0].path, "ticket.tags.name");
        assert_eq!(
            calls[0].value,
            Literal::List(vec![Literal::Str("refund".into()), Literal::Str("return".into())])
        );
        assert_eq!(calls[2].value, Literal::Null);
        assert_eq!(parse("  ").unwrap(), vec![]);
        assert_eq!(parse("eq(ticket.spam, true)").unwrap()[0].value, Literal::Bool(true));
        assert_eq!(parse("containsAny(ticket.tags.id, [])").unwrap()[0].value, Literal::List(vec![]));
    }

    #[test]
    fn rejects_malformed_expressions() {
        for bad in [
            "eq(ticket.status 'open')",
            "eq(ticket.status, 'open'",
            "or(ticket.status, 'open')",
            "eq(ticket.status, 'open') eq(ticket.priority, 'high')",
            "eq(ticket.status, open)",
            "eq('ticket.status', 'open')",
            "eq(ticket.status, ['a' 'b'])",
            "eq(ticket.status, 'open') &&",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse("or(a, 1)").unwrap_err().contains("unknown function 'or'"));
    }
}
