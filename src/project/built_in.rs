//! What the program carries with it, so that a project needs only its own sources: the
//! default theme, and the model content and CI workflow `policypress init` starts a project
//! with. Made by `build.rs` from `themes/default/`, `content/` and `examples/ci/`; paths
//! are relative to those folders, with `/` separators.

include!(concat!(env!("OUT_DIR"), "/built_in.rs"));
