//! whosaid reads news articles and says who said what: every quote with its speaker, plus the
//! people, countries and weapons systems an article mentions.
//!
//! # Example
//! ```
//! use whosaid::{Article, Segmenter};
//!
//! let article = Article::from_text(
//!     "example",
//!     "Maj. Gen. Baqeri met the U.S. delegation. “We are ready,” he said.",
//! );
//! let sentences = Segmenter::new().segment(&article);
//! let texts: Vec<&str> = sentences.iter().map(|s| s.span.text(&article.text)).collect();
//! assert_eq!(texts, ["Maj. Gen. Baqeri met the U.S. delegation.", "“We are ready,” he said."]);
//! ```
//!
//! # Overview
//! The pipeline is a chain of stages, one module each:
//! - [`article`]: reads files, directories and standard input into [`Article`]s.
//! - [`segment`]: splits paragraphs into [`Sentence`]s.
//! - [`gazetteer`]: finds people, countries and weapons systems of the gazetteers.
//! - [`mentions`]: adds people the gazetteers do not know and links short forms.
//! - [`quotes`]: finds quotes and resolves their speakers.
//! - [`record`]: the JSON record of one article ([`Record`]).
//! - [`pipeline`]: all of the above behind one [`Extractor`].
//! - [`batch`]: runs the pipeline over many articles on all cores, output in input order.
//! - [`check`]: compares records with expected ones, for regression tests on known articles.
//!
//! # Spans
//! Internally every span is a [`Span`] of byte offsets into [`Article::text`]. JSON output
//! carries **character offsets** (Unicode scalar values), half-open, so that Python's
//! `text[start:end]` gives the spanned text; [`CharOffsets`] converts.

#![deny(missing_docs)]

pub mod article;
mod ascii;
pub mod batch;
pub mod check;
pub mod cooc;
pub mod error;
pub mod gazetteer;
pub mod mentions;
pub mod pipeline;
pub mod quotes;
pub mod record;
pub mod segment;
pub mod span;

pub use article::{Article, ArticleReader, ReadOptions};
pub use error::{Error, Location, Result};
pub use gazetteer::{Gazetteer, GazetteerBuilder};
pub use mentions::MentionFinder;
pub use pipeline::{Extractor, ExtractorBuilder};
pub use record::Record;
pub use segment::{Segmenter, Sentence};
pub use span::{CharOffsets, Span};
