//! The library's error type: every error says where it happened (file, line, record).

use std::fmt;
use std::path::PathBuf;

/// Where an input problem was found: a file (or `-` for standard input), and the line or record
/// in it when there is one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it (`-` for standard input).
    pub path: PathBuf,
    /// The 1-based line, for line-oriented inputs (JSON Lines, gazetteer TSV).
    pub line: Option<u64>,
}

impl Location {
    /// A whole file.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location {
            path: path.into(),
            line: None,
        }
    }

    /// One line of a file.
    pub fn line(path: impl Into<PathBuf>, line: u64) -> Location {
        Location {
            path: path.into(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// An error from reading articles or data files.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{location}: {source}")]
    Io {
        /// Where.
        location: Location,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The input was read but is not what whosaid expects there.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong, in words.
        message: String,
    },
}

impl Error {
    /// An I/O error at `location`.
    pub fn io(location: Location, source: std::io::Error) -> Error {
        Error::Io { location, source }
    }

    /// An invalid-input error at `location`.
    pub fn invalid(location: Location, message: impl Into<String>) -> Error {
        Error::Invalid {
            location,
            message: message.into(),
        }
    }

    /// Where the error happened.
    pub fn location(&self) -> &Location {
        match self {
            Error::Io { location, .. } | Error::Invalid { location, .. } => location,
        }
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
