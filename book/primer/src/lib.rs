//! The listings of the book's chapter "Rust for Python programmers".
//!
//! Each doctest below is one listing of `snippets/`, which the chapter
//! includes: `cargo test` compiles each one and runs its `assert!`s, so the
//! chapter cannot show a value that Rust does not compute. `bound.rs` is only
//! compiled (`no_run`): it uses PyO3, and in this workspace PyO3 is built for
//! extension modules, which leave Python's symbols to the interpreter that
//! imports them. `traits_not_in_scope.rs` must fail to compile, with the
//! error the chapter describes (E0599, "no method named ... found").

/// Functions, `let`, `mut`, `for`, `if`, ranges and `char`.
#[doc = concat!("```\n", include_str!("../snippets/basics.rs"), "```")]
pub mod basics {}

#[doc = concat!("```\n", include_str!("../snippets/operators.rs"), "```")]
pub mod operators {}

/// `&str` and `String`.
#[doc = concat!("```\n", include_str!("../snippets/strings.rs"), "```")]
pub mod strings {}

/// `&[u8]` and `Vec<u8>`.
#[doc = concat!("```\n", include_str!("../snippets/bytes.rs"), "```")]
pub mod bytes {}

/// Owning, borrowing (`&`, `&mut`), moving and cloning.
#[doc = concat!("```\n", include_str!("../snippets/ownership.rs"), "```")]
pub mod ownership {}

/// `u8`, `u32`, `u64`, `usize`.
#[doc = concat!("```\n", include_str!("../snippets/numbers.rs"), "```")]
pub mod numbers {}

/// Closures and iterator chains.
#[doc = concat!("```\n", include_str!("../snippets/closures.rs"), "```")]
pub mod closures {}

/// `Option` and `match`.
#[doc = concat!("```\n", include_str!("../snippets/option.rs"), "```")]
pub mod option {}

/// `Result`, `?` and `map_err`.
#[doc = concat!("```\n", include_str!("../snippets/result.rs"), "```")]
pub mod result {}

/// Structs, `impl`, `#[derive]` and enums.
#[doc = concat!("```\n", include_str!("../snippets/structs.rs"), "```")]
pub mod structs {}

/// A trait, and the `use` that brings its method.
#[doc = concat!("```\n", include_str!("../snippets/traits.rs"), "```")]
pub mod traits {}

/// The same call without the `use`: rustc refuses it.
#[doc = concat!("```compile_fail,E0599\n", include_str!("../snippets/traits_not_in_scope.rs"), "```")]
pub mod traits_not_in_scope {}

/// `From`, which `?` uses to convert errors.
#[doc = concat!("```\n", include_str!("../snippets/from.rs"), "```")]
pub mod from {}

/// Modules, `pub`, `use` and `super::`.
#[doc = concat!("```\n", include_str!("../snippets/modules.rs"), "```")]
pub mod modules {}

/// Macros: `todo!`, `format!`, `vec!`.
#[doc = concat!("```\n", include_str!("../snippets/macros.rs"), "```")]
pub mod macros {}

/// Lifetimes as labels.
#[doc = concat!("```\n", include_str!("../snippets/lifetimes.rs"), "```")]
pub mod lifetimes {}

/// `Bound<'py, PyAny>` and `'_`.
#[doc = concat!("```no_run\n", include_str!("../snippets/bound.rs"), "```")]
pub mod bound {}
