//! `helpdesk-mcp`: the MCP server for customer-support helpdesks.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    helpdesk_mcp::run::main(helpdesk_mcp::run::Flavor::Product).await
}
