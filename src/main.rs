//! The `whosaid` command line: a thin layer over the library.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use whosaid::{Article, ArticleReader, CharOffsets, ReadOptions, Segmenter};

/// Who said what in news articles: quotes with their speakers, and the people, countries and
/// weapons systems mentioned.
#[derive(Parser, Debug)]
#[command(name = "whosaid", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Split articles into sentences.
    Sentences(SentencesArgs),
}

/// Where articles come from.
#[derive(clap::Args, Debug)]
struct Inputs {
    /// Files (.txt, .jsonl, .json), directories (walked recursively, sorted) or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Skip (with an error) any article larger than this many bytes.
    #[arg(long, default_value_t = whosaid::article::DEFAULT_MAX_ARTICLE_BYTES, value_name = "BYTES")]
    max_article_bytes: usize,
}

#[derive(clap::Args, Debug)]
struct SentencesArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Output format: one sentence per line, or one JSON object per article.
    #[arg(long, value_enum, default_value_t = SentenceFormat::Text)]
    format: SentenceFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SentenceFormat {
    /// One sentence per line, a blank line between articles.
    Text,
    /// `{"id", "sentences": [{"text", "span": [start, end]}]}` per article; spans in characters.
    Jsonl,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return if usage {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Sentences(args) => sentences(args),
    };
    match result {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failures) => {
            eprintln!("whosaid: {failures} input(s) failed");
            ExitCode::from(1)
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("whosaid: {e}");
            ExitCode::from(1)
        }
    }
}

/// Reads every input, calling `each` per article; reports errors and warnings on stderr and
/// returns how many inputs failed.
fn for_each_article(
    inputs: &Inputs,
    mut each: impl FnMut(&Article) -> io::Result<()>,
) -> io::Result<usize> {
    let options = ReadOptions {
        max_article_bytes: inputs.max_article_bytes,
    };
    let mut failures = 0;
    for item in ArticleReader::new(&inputs.paths, options) {
        match item {
            Ok(article) => {
                for warning in &article.warnings {
                    eprintln!("whosaid: warning: {}: {warning}", article.origin);
                }
                each(&article)?;
            }
            Err(e) => {
                failures += 1;
                eprintln!("whosaid: {e}");
            }
        }
    }
    Ok(failures)
}

#[derive(Serialize)]
struct SentenceRecord<'a> {
    id: &'a str,
    sentences: Vec<SentenceJson<'a>>,
}

#[derive(Serialize)]
struct SentenceJson<'a> {
    text: &'a str,
    span: [usize; 2],
}

fn sentences(args: SentencesArgs) -> io::Result<usize> {
    let segmenter = Segmenter::new();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut first = true;
    let failures = for_each_article(&args.inputs, |article| {
        let sentences = segmenter.segment(article);
        match args.format {
            SentenceFormat::Text => {
                if !first {
                    writeln!(out)?;
                }
                for sentence in &sentences {
                    writeln!(out, "{}", sentence.span.text(&article.text))?;
                }
            }
            SentenceFormat::Jsonl => {
                let offsets = CharOffsets::new(&article.text);
                let record = SentenceRecord {
                    id: &article.id,
                    sentences: sentences
                        .iter()
                        .map(|s| SentenceJson {
                            text: s.span.text(&article.text),
                            span: offsets.chars(s.span),
                        })
                        .collect(),
                };
                serde_json::to_writer(&mut out, &record)?;
                writeln!(out)?;
            }
        }
        first = false;
        Ok(())
    })?;
    out.flush()?;
    Ok(failures)
}
