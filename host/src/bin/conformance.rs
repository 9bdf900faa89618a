//! `helpdesk-mcp-conformance`: the product with the MCP conformance suite's
//! fixtures added (test builds only, `--features conformance`).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    helpdesk_mcp::run::main(helpdesk_mcp::run::Flavor::Conformance).await
}
