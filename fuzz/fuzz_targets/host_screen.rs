//! The host's screens of a request body (HTTP: `inspect::check`) and of a stdio
//! line (`stdio::screen`), before rmcp sees either: never a panic, a body
//! passed on is one JSON-RPC object, and every refusal is one JSON line.
#![no_main]

use helpdesk_fuzz::{inspect, stdio};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    for in_session in [false, true] {
        if inspect::check(data, in_session).is_ok() {
            let v: Result<Value, _> = serde_json::from_slice(data);
            assert!(matches!(v, Ok(Value::Object(_))), "passed on, but not a JSON object");
        }
    }
    if let stdio::Screen::Answer(line) = stdio::screen(data) {
        assert_eq!(line.last(), Some(&b'\n'));
        assert_eq!(line.iter().filter(|b| **b == b'\n').count(), 1, "an answer is one line");
        let v: Value = serde_json::from_slice(&line).expect("an answer is JSON");
        assert!(v["error"]["code"].is_i64());
    }
});
