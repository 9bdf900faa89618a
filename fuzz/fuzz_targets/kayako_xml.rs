//! Kayako Classic's XML reader (`xml::parse`, then `xml::to_json`): any bytes
//! an upstream sends are an element tree or a `Malformed` error, never a panic
//! or a blow-up.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = helpdesk_guest::fuzz::kayako_xml(data);
});
