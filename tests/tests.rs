//! One integration-test binary for the whole crate; each module below tests one capability
//! through the public library API or the `whosaid` binary.

// Helpers for running the binary.
mod util;

// Sentence segmentation: the Golden Rules and the news cases in tests/data.
mod segment;

// The command line: formats, exit statuses, error reports.
mod cli;

// Properties of the whole pipeline on arbitrary text.
mod properties;

// The record's JSON format, read back strictly.
mod record;

// Known articles compared with their hand-checked expected records.
mod known;

// Co-occurrence counts and the exact merge of partial tables.
mod cooc;

// Bad input: clear errors, the rest of the batch still runs.
mod bad_input;
