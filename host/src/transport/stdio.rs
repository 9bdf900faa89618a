//! MCP over stdio: newline-delimited JSON-RPC on stdin/stdout. Logs go to
//! stderr only; stdout carries nothing but protocol messages.
//!
//! Every line is screened before rmcp sees it, by the same rules as an HTTP
//! body ([`inspect`]), so bad input gets a specific JSON-RPC error instead of
//! rmcp's silence (unparsable lines) or its generic "Invalid request":
//! -32700 for non-UTF-8 or non-JSON lines (serde_json's depth limit covers
//! deep nesting), -32600 for batches, oversized lines and wrong envelopes,
//! -32602 for a `tools/call` without a string `name` or with non-object
//! `arguments`. Answers are JSON with `id: null` (or the request's
//! id), so a peer that echoes them back sends valid messages, not more noise.
//! rmcp's output and these answers share one writer, a whole line at a time.

use rmcp::{ServerHandler, ServiceExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufRead, AsyncBufReadExt as _, AsyncRead, AsyncWrite, AsyncWriteExt as _, BufReader};
use tokio::sync::mpsc;

use super::inspect;

/// Largest message accepted on one line; the same cap as the HTTP endpoints.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

/// Serves one client on stdin/stdout until it disconnects.
pub async fn serve<S: ServerHandler>(server: S) -> std::io::Result<()> {
    serve_on(server, tokio::io::stdin(), tokio::io::stdout()).await
}

/// Serves one client on `input`/`output` (stdin/stdout, or a pipe in tests).
pub async fn serve_on<S: ServerHandler>(
    server: S,
    input: impl AsyncRead + Unpin + Send + 'static,
    output: impl AsyncWrite + Unpin + Send + 'static,
) -> std::io::Result<()> {
    let (to_rmcp, rmcp_in) = tokio::io::duplex(64 * 1024);
    let (rmcp_out, from_rmcp) = tokio::io::duplex(64 * 1024);
    let (lines, queue) = mpsc::channel::<Vec<u8>>(64);
    let writer = tokio::spawn(write_lines(queue, output));
    tokio::spawn(forward_output(from_rmcp, lines.clone()));
    tokio::spawn(screen_input(input, to_rmcp, lines));
    let running = server.serve((rmcp_in, rmcp_out)).await.map_err(std::io::Error::other)?;
    running.waiting().await.map_err(std::io::Error::other)?;
    // rmcp has dropped its end: let the writer drain every queued line.
    writer.await.map_err(std::io::Error::other)?
}

async fn write_lines(
    mut queue: mpsc::Receiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) -> std::io::Result<()> {
    while let Some(line) = queue.recv().await {
        output.write_all(&line).await?;
        output.flush().await?;
    }
    Ok(())
}

/// rmcp's output, a whole line at a time.
async fn forward_output(from_rmcp: impl AsyncRead + Unpin, lines: mpsc::Sender<Vec<u8>>) {
    let mut reader = BufReader::new(from_rmcp);
    loop {
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                if lines.send(line).await.is_err() {
                    return;
                }
            }
        }
    }
}

async fn screen_input(
    input: impl AsyncRead + Unpin,
    mut to_rmcp: impl AsyncWrite + Unpin,
    answers: mpsc::Sender<Vec<u8>>,
) {
    let mut reader = BufReader::new(input);
    loop {
        let line = match read_line(&mut reader).await {
            Ok(Some(line)) => line,
            // End of input (or a broken stdin): closing `to_rmcp` ends the session.
            Ok(None) | Err(_) => return,
        };
        match screen(&line) {
            Screen::Forward => {
                if to_rmcp.write_all(&line).await.is_err() || to_rmcp.write_all(b"\n").await.is_err() {
                    return;
                }
            }
            Screen::Ignore => {}
            Screen::Answer(answer) => {
                tracing::debug!("refused a malformed stdio message");
                if answers.send(answer).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// The next line without its `\n` (`None` at the end of input). A line longer
/// than [`MAX_LINE`] is consumed without being kept and comes back as `TOO_LONG`.
async fn read_line(reader: &mut (impl AsyncBufRead + Unpin)) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            // EOF: a last line without `\n` still counts (as rmcp's codec does).
            return Ok(
                (!line.is_empty() || too_long).then(|| if too_long { TOO_LONG.to_vec() } else { line })
            );
        }
        let (take, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            let end = if done { take - 1 } else { take };
            if line.len() + end > MAX_LINE {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(&available[..end]);
            }
        }
        reader.consume(take);
        if done {
            return Ok(Some(if too_long { TOO_LONG.to_vec() } else { line }));
        }
    }
}

/// Stands for a line over [`MAX_LINE`] (a NUL byte cannot start valid JSON).
const TOO_LONG: &[u8] = b"\0too long";

/// What to do with one input line.
#[derive(Debug, PartialEq)]
pub enum Screen {
    /// Hand it to rmcp unchanged.
    Forward,
    /// Skip it (a blank line).
    Ignore,
    /// Answer it with this line (a JSON-RPC error, `\n`-terminated) and drop it.
    Answer(Vec<u8>),
}

/// Screens one line (without its `\n`).
pub fn screen(line: &[u8]) -> Screen {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line == TOO_LONG {
        return answer(
            Value::Null,
            -32600,
            &format!("Invalid Request: a message may be at most {} MiB", MAX_LINE >> 20),
        );
    }
    let text = match std::str::from_utf8(line) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            return answer(
                Value::Null,
                -32700,
                &format!("Parse error: the line is not UTF-8 (invalid byte at offset {})", e.valid_up_to()),
            );
        }
    };
    if text.trim().is_empty() {
        return Screen::Ignore;
    }
    match inspect::check(text.as_bytes(), true) {
        Ok(()) => Screen::Forward,
        Err(r) => answer(r.id, i64::from(r.code), &r.message),
    }
}

fn answer(id: Value, code: i64, message: &str) -> Screen {
    let mut line = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
        .to_string()
        .into_bytes();
    line.push(b'\n');
    Screen::Answer(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(line: &[u8]) -> (Value, i64) {
        match screen(line) {
            Screen::Answer(a) => {
                let v: Value = serde_json::from_slice(&a).unwrap_or_default();
                (v["id"].clone(), v["error"]["code"].as_i64().unwrap_or(0))
            }
            other => panic!("{:?} was not answered: {other:?}", String::from_utf8_lossy(line)),
        }
    }

    #[test]
    fn good_messages_pass_through() {
        for line in [
            r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}"#,
            r#"{"method":"ping","id":"x","jsonrpc":"2.0"}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            r#"{"jsonrpc":"2.0","id":3,"result":{}}"#,
            r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_ticket","arguments":{"id":"x"}}}"#,
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}\r",
        ] {
            assert_eq!(screen(line.as_bytes()), Screen::Forward, "{line}");
        }
        assert_eq!(screen(b"   "), Screen::Ignore);
    }

    #[test]
    fn bad_lines_get_specific_errors() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        for (line, code) in [
            (&b"{nope"[..], -32700),
            (br#"{"jsonrpc":"2.0","id":1,"method":"ping""#, -32700),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xffng\"}", -32700),
            (deep.as_bytes(), -32700),
            (br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#, -32600),
            (b"7", -32600),
            (br#"{"id":1,"method":"ping"}"#, -32600),
            (br#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#, -32600),
            (br#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#, -32600),
            (br#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, -32600),
            (br#"{"jsonrpc":"2.0","id":1,"method":7}"#, -32600),
            (br#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1]}"#, -32600),
            (br#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":"x"}"#, -32600),
            (br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}"#, -32602),
            (
                br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","arguments":[]}}"#,
                -32602,
            ),
            (TOO_LONG, -32600),
            // Found by the `host_screen` fuzz target: this line used to panic the screen task.
            (br#"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#, -32602),
        ] {
            assert_eq!(code_of(line).1, code, "{}", String::from_utf8_lossy(&line[..line.len().min(60)]));
        }
        assert_eq!(code_of(br#"{"jsonrpc":"1.0","id":"k","method":"ping"}"#).0, "k");
    }

    #[tokio::test]
    async fn long_lines_are_skipped_without_being_kept() {
        let mut input = vec![b'x'; MAX_LINE + 10];
        input.extend_from_slice(b"\n{\"a\":1}\nlast");
        let mut reader = BufReader::new(&input[..]);
        assert_eq!(read_line(&mut reader).await.ok().flatten().as_deref(), Some(TOO_LONG));
        assert_eq!(read_line(&mut reader).await.ok().flatten().as_deref(), Some(&br#"{"a":1}"#[..]));
        assert_eq!(read_line(&mut reader).await.ok().flatten().as_deref(), Some(&b"last"[..]));
        assert_eq!(read_line(&mut reader).await.ok().flatten(), None);
    }
}
