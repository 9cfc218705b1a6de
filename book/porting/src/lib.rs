//! The new spellings of the book's section "Porting code written for PyO3 0.26".
//!
//! Each doctest below is one listing of `snippets/`, which the book includes:
//! `cargo test` compiles them, so the book cannot show a spelling that PyO3
//! has since renamed. (`no_run`: they are compiled, not run. A doctest is a
//! program, and in this workspace PyO3 is built for extension modules, which
//! leave Python's symbols to the interpreter that imports them.) The old
//! spellings are examples of this crate; see Cargo.toml.

/// `downcast` is `cast` (deprecated in PyO3 0.27, removed in 0.29).
#[doc = concat!("```no_run\n", include_str!("../snippets/downcast_new.rs"), "```")]
pub mod downcast {}

/// `allow_threads` is `detach` (renamed in PyO3 0.26, removed in 0.28).
#[doc = concat!("```no_run\n", include_str!("../snippets/allow_threads_new.rs"), "```")]
pub mod allow_threads {}

/// `with_gil` is `attach` (renamed in PyO3 0.26, removed in 0.28).
#[doc = concat!("```no_run\n", include_str!("../snippets/with_gil_new.rs"), "```")]
pub mod with_gil {}

/// `PyObject` is `Py<PyAny>` (deprecated in PyO3 0.26, removed in 0.28).
#[doc = concat!("```no_run\n", include_str!("../snippets/pyobject_new.rs"), "```")]
pub mod pyobject {}
