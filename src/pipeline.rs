//! The whole pipeline behind one type: article → sentences → gazetteer matches and mentions →
//! record. Build it once ([`Extractor::builder`]) and call [`Extractor::extract`] per article,
//! from as many threads as you like.

use std::path::PathBuf;

use crate::article::Article;
use crate::error::Result;
use crate::gazetteer::{Gazetteer, GazetteerBuilder};
use crate::mentions::{ArticleEntity, MentionFinder};
use crate::quotes::{Quote, QuoteFinder};
use crate::record::Record;
use crate::segment::{Segmenter, Sentence};

/// The stages' findings for one article.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Entities in order of first mention.
    pub entities: Vec<ArticleEntity>,
    /// Quotes in text order.
    pub quotes: Vec<Quote>,
}

/// Everything whosaid knows, compiled once; extracts records from articles.
#[derive(Debug)]
pub struct Extractor {
    segmenter: Segmenter,
    gazetteer: Gazetteer,
    mentions: MentionFinder,
    quotes: QuoteFinder,
}

/// Configures an [`Extractor`].
#[derive(Clone, Debug, Default)]
pub struct ExtractorBuilder {
    no_default_gazetteers: bool,
    gazetteers: Vec<PathBuf>,
}

impl ExtractorBuilder {
    /// Adds a gazetteer file in the documented TSV format.
    pub fn gazetteer(mut self, path: impl Into<PathBuf>) -> ExtractorBuilder {
        self.gazetteers.push(path.into());
        self
    }

    /// Leaves out the embedded gazetteers (only the added files are used).
    pub fn no_default_gazetteers(mut self, yes: bool) -> ExtractorBuilder {
        self.no_default_gazetteers = yes;
        self
    }

    /// Loads and compiles everything.
    pub fn build(self) -> Result<Extractor> {
        let mut gazetteer = GazetteerBuilder::new().defaults(!self.no_default_gazetteers);
        for path in &self.gazetteers {
            gazetteer = gazetteer.add_file(path)?;
        }
        Ok(Extractor {
            segmenter: Segmenter::new(),
            gazetteer: gazetteer.build()?,
            mentions: MentionFinder::new(),
            quotes: QuoteFinder::new(),
        })
    }
}

impl Extractor {
    /// A builder starting from the embedded data.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// The extractor with the embedded data only.
    pub fn embedded() -> Result<Extractor> {
        Extractor::builder().build()
    }

    /// The record of one article.
    pub fn extract(&self, article: &Article) -> Record {
        let analysis = self.analyse(article);
        Record::new(
            article,
            &analysis.entities,
            &analysis.sentences,
            &analysis.quotes,
        )
    }

    /// What the stages find in one article, before it becomes a [`Record`] (byte spans): for
    /// consumers such as [`crate::cooc`] that need no JSON.
    pub fn analyse(&self, article: &Article) -> Analysis {
        let sentences = self.segmenter.segment(article);
        let entities = self.mentions.find(&self.gazetteer, article);
        let quotes = self.quotes.find(article, &sentences, &entities);
        Analysis {
            sentences,
            entities,
            quotes,
        }
    }

    /// The sentence segmenter in use.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// The compiled gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }
}
