//! Kayako's response decoders and projections, through its tools: every call of
//! `helpdesk_fuzz::calls` answered with the fuzzer's bodies and status. Never a
//! panic, never a runaway request loop, never the credential in a result.
#![no_main]

use helpdesk_fuzz::{Provider, call_with_responses};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| call_with_responses(Provider::Kayako, data));
