//! Serve: build the project, serve it on 127.0.0.1 from memory, watch the sources, and
//! on every edit re-render only what it touched and reload the open page.

pub mod deps;
pub mod live;
