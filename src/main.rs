//! The `whosaid` command line: a thin layer over the library.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use whosaid::record::RecordView;
use whosaid::{Article, ArticleReader, CharOffsets, Extractor, ReadOptions, Segmenter};

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
    /// List the people, countries and weapons systems each article mentions.
    Entities(EntitiesArgs),
    /// Who said what: every quote with its speaker (the main job).
    Quotes(QuotesArgs),
    /// Write the full who-said-what record of each article as JSON Lines.
    Extract(ExtractArgs),
    /// Count which entities occur together, and who talks about whom, across a corpus.
    Cooc(CoocArgs),
    /// Compare each article's record with the expected record beside it (NAME.expected.json
    /// for NAME.txt, NAME.expected.jsonl for NAME.jsonl); exit 1 if any differs.
    Check(CheckArgs),
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
struct CoocArgs {
    #[command(subcommand)]
    merge: Option<CoocCommand>,
    #[command(flatten)]
    inputs: Option<Inputs>,
    #[command(flatten)]
    gazetteers: GazetteerArgs,
    /// Count two entities together when they occur in the same sentence, paragraph or article.
    #[arg(long, value_enum, default_value_t = CoocUnit::Sentence)]
    unit: CoocUnit,
    /// Entity types to count, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_enum)]
    types: Vec<EntityKind>,
    /// Also count speaker × entity (entities named in each speaker's quotes) and speaker ×
    /// speaker (quoted in the same article).
    #[arg(long)]
    speakers: bool,
    #[command(flatten)]
    output: CoocOutput,
}

/// Options shared by `cooc` and `cooc merge`.
#[derive(clap::Args, Debug, Clone)]
struct CoocOutput {
    /// Leave out pairs seen fewer times (keep 1 for tables you will merge).
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_count: u64,
    /// Output format; jsonl is lossless and is what `cooc merge` reads.
    #[arg(long, value_enum, default_value_t = CoocFormat::Csv)]
    format: CoocFormat,
}

#[derive(Subcommand, Debug)]
enum CoocCommand {
    /// Merge partial tables (cooc --format jsonl, one per shard) into the table one run over
    /// all their inputs gives.
    Merge {
        /// Partial tables written by `whosaid cooc --format jsonl`.
        #[arg(required = true, value_name = "TABLE")]
        tables: Vec<PathBuf>,
        #[command(flatten)]
        output: CoocOutput,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long = "output", short, value_name = "FILE")]
        destination: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CoocUnit {
    /// The same sentence.
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same article.
    Article,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EntityKind {
    /// People.
    Person,
    /// Countries.
    Country,
    /// Weapons systems.
    Weapon,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CoocFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// Lossless JSON Lines (meta, node totals, pairs), for `cooc merge`.
    Jsonl,
    /// GraphML.
    Graphml,
    /// GEXF, for Gephi.
    Gexf,
    /// Graphviz DOT.
    Dot,
}

impl CoocFormat {
    fn library(self) -> whosaid::cooc::output::Format {
        use whosaid::cooc::output::Format;
        match self {
            CoocFormat::Csv => Format::Csv,
            CoocFormat::Tsv => Format::Tsv,
            CoocFormat::Jsonl => Format::Jsonl,
            CoocFormat::Graphml => Format::Graphml,
            CoocFormat::Gexf => Format::Gexf,
            CoocFormat::Dot => Format::Dot,
        }
    }
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    gazetteers: GazetteerArgs,
    /// Write the current records as the expected ones (only those that differ or are missing).
    #[arg(long)]
    bless: bool,
    /// Compare only quotes or only entities.
    #[arg(long, value_enum)]
    only: Option<CheckScope>,
    /// Leave a field out of the comparison: spans, rule, cue, resolution, mentions, positions.
    #[arg(long = "ignore", value_name = "FIELD", value_parser = parse_field)]
    ignore: Vec<whosaid::check::Field>,
    /// Output format: readable differences, or JSON Lines for machines.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CheckScope {
    /// Only quotes.
    Quotes,
    /// Only entities.
    Entities,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// One block per differing article, and a summary line.
    Text,
    /// One JSON object per article (`id`, `path`, `status`, `differences`), then a summary.
    Json,
}

fn parse_field(name: &str) -> Result<whosaid::check::Field, String> {
    whosaid::check::Field::parse(name).ok_or_else(|| {
        format!(
            "unknown field {name:?} (expected spans, rule, cue, resolution, mentions or positions)"
        )
    })
}

#[derive(clap::Args, Debug)]
struct QuotesArgs {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    gazetteers: GazetteerArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QuoteFormat::Table)]
    format: QuoteFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum QuoteFormat {
    /// speaker · kind · quote, wrapped to the terminal's width.
    Table,
    /// One JSON object per quote: id, speaker, speaker_id, resolved_by, kind, cue, quote, span, rule.
    Jsonl,
    /// One JSON array of those objects.
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    gazetteers: GazetteerArgs,
}

/// Which gazetteers to use.
#[derive(clap::Args, Debug)]
struct GazetteerArgs {
    /// Add a gazetteer file (TSV, format in gazetteers/README.md); repeat for several.
    #[arg(long = "gazetteer", value_name = "PATH")]
    gazetteers: Vec<PathBuf>,
    /// Use only the --gazetteer files, not the embedded defaults.
    #[arg(long)]
    no_default_gazetteers: bool,
}

impl GazetteerArgs {
    /// The extractor, for the rest of the process: it is never dropped, since freeing the
    /// compiled gazetteers just before exit costs time and gains nothing.
    fn extractor(&self) -> anyhow::Result<&'static Extractor> {
        let mut builder = Extractor::builder().no_default_gazetteers(self.no_default_gazetteers);
        for path in &self.gazetteers {
            builder = builder.gazetteer(path);
        }
        Ok(Box::leak(Box::new(builder.build()?)))
    }
}

#[derive(clap::Args, Debug)]
struct EntitiesArgs {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    gazetteers: GazetteerArgs,
    /// Output format: a readable table, or one JSON object per article.
    #[arg(long, value_enum, default_value_t = EntityFormat::Table)]
    format: EntityFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EntityFormat {
    /// Type, canonical name, id and mentions, one entity per line.
    Table,
    /// `{"id", "entities": [{"id", "type", "canonical", "mentions": [{"text", "span", "how"}]}]}`.
    Jsonl,
}

/// Where articles come from.
#[derive(clap::Args, Debug)]
struct Inputs {
    /// Files (.txt, .jsonl, .json), directories (walked recursively, sorted) or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the output to this file instead of standard output: to a temporary file beside
    /// it, renamed when done, so the file is never half-written.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// No progress bar (it is shown on stderr for long runs when stderr is a terminal).
    #[arg(long, short)]
    quiet: bool,
    /// Worker threads (0: one per core; 1: a single thread, for measurements).
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
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
        Command::Sentences(args) => sentences(args).map(Status::from),
        Command::Entities(args) => entities(args).map(Status::from),
        Command::Quotes(args) => quotes(args).map(Status::from),
        Command::Extract(args) => extract(args).map(Status::from),
        Command::Check(args) => check(args),
        Command::Cooc(args) => cooc(args),
    };
    match result {
        Ok(Status {
            failed_inputs: 0,
            differs: false,
        }) => ExitCode::SUCCESS,
        Ok(status) => {
            if status.failed_inputs > 0 {
                eprintln!("whosaid: {} input(s) failed", status.failed_inputs);
            }
            ExitCode::from(1)
        }
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("whosaid: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// How a command ended, for the exit status: 0 when all went well, else 1.
#[derive(Debug, Default)]
struct Status {
    /// Inputs that could not be read (each reported on stderr).
    failed_inputs: usize,
    /// `check` found a record that differs from the expected one.
    differs: bool,
}

impl From<usize> for Status {
    fn from(failed_inputs: usize) -> Status {
        Status {
            failed_inputs,
            differs: false,
        }
    }
}

/// A closed pipe (`whosaid … | head`) is a normal end, not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Reads every input, runs `work` on each article on `--threads` threads, and calls `each`
/// with the results in input order; reports errors and warnings on stderr and returns how many
/// inputs failed.
fn for_each_article<T: Send>(
    inputs: &Inputs,
    work: impl Fn(&Article) -> T + Sync,
    mut each: impl FnMut(&Article, T) -> io::Result<()>,
) -> io::Result<usize> {
    let options = ReadOptions {
        max_article_bytes: inputs.max_article_bytes,
    };
    let mut failures = 0;
    let progress = Progress::new(inputs);
    let reader = ArticleReader::new(&inputs.paths, options);
    whosaid::batch::for_each_ordered(reader, inputs.threads, work, |outcome| {
        match outcome {
            Ok((article, result)) => {
                for warning in &article.warnings {
                    progress
                        .suspend(|| eprintln!("whosaid: warning: {}: {warning}", article.origin));
                }
                progress.advance(&article);
                each(&article, result)?;
            }
            Err(e) => {
                failures += 1;
                progress.suspend(|| eprintln!("whosaid: {e}"));
            }
        }
        Ok::<(), io::Error>(())
    })?;
    progress.finish();
    Ok(failures)
}

/// Bytes a [`Sink`] gathers before each write: 64 KiB, fewer system calls than the default
/// 8 KiB (a record is often larger than that, which wrote every record on its own).
const SINK_BUFFER: usize = 64 * 1024;

/// Where a command writes: standard output, or a file written to a temporary file in the same
/// folder and renamed into place by [`Sink::commit`] — a failed run leaves no half-written file
/// (the temporary file is removed when the sink is dropped uncommitted).
enum Sink {
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    File {
        writer: io::BufWriter<std::fs::File>,
        temp: PathBuf,
        destination: PathBuf,
    },
}

impl Sink {
    fn open(destination: Option<&std::path::Path>) -> anyhow::Result<Sink> {
        let Some(destination) = destination else {
            return Ok(Sink::Stdout(io::BufWriter::with_capacity(
                SINK_BUFFER,
                io::stdout().lock(),
            )));
        };
        let dir = destination
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let name = destination
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("output");
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file =
            std::fs::File::create(&temp).map_err(|e| anyhow::anyhow!("{}: {e}", temp.display()))?;
        Ok(Sink::File {
            writer: io::BufWriter::with_capacity(SINK_BUFFER, file),
            temp,
            destination: destination.to_path_buf(),
        })
    }

    /// Flushes, and for a file renames it into place.
    fn commit(mut self) -> anyhow::Result<()> {
        match &mut self {
            Sink::Stdout(out) => out.flush()?,
            Sink::File {
                writer,
                temp,
                destination,
            } => {
                writer.flush()?;
                writer.get_ref().sync_all()?;
                std::fs::rename(&*temp, &*destination)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", destination.display()))?;
                // Renamed: nothing left for Drop to remove.
                temp.clear();
            }
        }
        Ok(())
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File { writer, .. } => writer.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.write_all(buf),
            Sink::File { writer, .. } => writer.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { writer, .. } => writer.flush(),
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Sink::File { temp, .. } = self {
            if !temp.as_os_str().is_empty() {
                let _ = std::fs::remove_file(&*temp);
            }
        }
    }
}

/// A progress bar on stderr: articles, MB/s and, when the input's size is known, an ETA.
/// Only for terminals, and not with `--quiet`: pipes and logs stay clean.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    articles: std::cell::Cell<u64>,
}

impl Progress {
    fn new(inputs: &Inputs) -> Progress {
        use std::io::IsTerminal;
        if inputs.quiet || !io::stderr().is_terminal() {
            return Progress {
                bar: None,
                articles: Default::default(),
            };
        }
        // The size of the named files (directories and stdin leave it unknown).
        let sizes: Option<u64> = inputs
            .paths
            .iter()
            .map(|p| {
                std::fs::metadata(p)
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
            })
            .sum();
        let bar = match sizes {
            Some(total) => indicatif::ProgressBar::new(total).with_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta} · {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            ),
            None => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template("{spinner} {binary_bytes} {binary_bytes_per_sec} · {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
        };
        // Drawn a few times a second at most, so the bar costs nothing measurable.
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        Progress {
            bar: Some(bar),
            articles: Default::default(),
        }
    }

    fn advance(&self, article: &Article) {
        if let Some(bar) = &self.bar {
            self.articles.set(self.articles.get() + 1);
            bar.inc(article.input_bytes);
            bar.set_message(format!("{} articles", self.articles.get()));
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
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

fn sentences(args: SentencesArgs) -> anyhow::Result<usize> {
    let segmenter = Segmenter::new();
    let mut out = Sink::open(args.inputs.output.as_deref())?;
    let mut first = true;
    let failures = for_each_article(
        &args.inputs,
        |article| segmenter.segment(article),
        |article, sentences| {
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
        },
    )?;
    out.commit()?;
    Ok(failures)
}

#[derive(Serialize)]
struct EntitiesRecord<'a> {
    id: &'a str,
    entities: &'a [whosaid::record::EntityRecord],
}

fn entities(args: EntitiesArgs) -> anyhow::Result<usize> {
    let extractor = args.gazetteers.extractor()?;
    let mut out = Sink::open(args.inputs.output.as_deref())?;
    let mut first = true;
    let failures = for_each_article(
        &args.inputs,
        |article| extractor.extract(article),
        |_, record| {
            match args.format {
                EntityFormat::Jsonl => {
                    serde_json::to_writer(
                        &mut out,
                        &EntitiesRecord {
                            id: &record.id,
                            entities: &record.entities,
                        },
                    )?;
                    writeln!(out)?;
                }
                EntityFormat::Table => {
                    if !first {
                        writeln!(out)?;
                    }
                    writeln!(out, "# {}", record.id)?;
                    for entity in &record.entities {
                        let mut forms: Vec<&str> = Vec::new();
                        for m in &entity.mentions {
                            if !forms.contains(&m.text.as_str()) {
                                forms.push(&m.text);
                            }
                        }
                        writeln!(
                            out,
                            "{:<8} {:<32} {:<24} {}× {}",
                            entity.entity_type,
                            entity.canonical,
                            entity.id,
                            entity.mentions.len(),
                            forms.join(" | ")
                        )?;
                    }
                }
            }
            first = false;
            Ok(())
        },
    )?;
    out.commit()?;
    Ok(failures)
}

fn extract(args: ExtractArgs) -> anyhow::Result<usize> {
    let extractor = args.gazetteers.extractor()?;
    let mut out = Sink::open(args.inputs.output.as_deref())?;
    // Serialising is a good part of the work: the worker threads do it.
    let to_line = |article: &Article| -> Vec<u8> {
        let analysis = extractor.analyse(article);
        let record = RecordView::new(
            article,
            &analysis.entities,
            &analysis.sentences,
            &analysis.quotes,
        );
        // A record is about twice its text: room for it at once saves growing step by step.
        let mut line = Vec::with_capacity(2 * article.text.len() + 1024);
        record.write_json(&mut line);
        line.push(b'\n');
        line
    };
    let failures = for_each_article(&args.inputs, to_line, |_, line| out.write_all(&line))?;
    out.commit()?;
    Ok(failures)
}

/// One quote as a flat row, for the tabular formats.
#[derive(Serialize)]
struct QuoteRow<'a> {
    id: &'a str,
    speaker: &'a str,
    speaker_id: &'a str,
    resolved_by: &'a str,
    kind: &'a str,
    cue: &'a str,
    quote: &'a str,
    start: usize,
    end: usize,
    rule: &'a str,
}

const QUOTE_COLUMNS: [&str; 10] = [
    "id",
    "speaker",
    "speaker_id",
    "resolved_by",
    "kind",
    "cue",
    "quote",
    "start",
    "end",
    "rule",
];

fn quotes(args: QuotesArgs) -> anyhow::Result<usize> {
    let extractor = args.gazetteers.extractor()?;
    let mut out = Sink::open(args.inputs.output.as_deref())?;
    let width = terminal_width();
    let mut first = true;
    match args.format {
        QuoteFormat::Csv => writeln!(out, "{}", QUOTE_COLUMNS.join(","))?,
        QuoteFormat::Tsv => writeln!(out, "{}", QUOTE_COLUMNS.join("\t"))?,
        QuoteFormat::Json => write!(out, "[")?,
        _ => {}
    }
    let failures = for_each_article(
        &args.inputs,
        |article| extractor.extract(article),
        |_, record| {
            if args.format == QuoteFormat::Table {
                if !first {
                    writeln!(out)?;
                }
                write_quote_table(&mut out, &record, width)?;
                first = false;
                return Ok(());
            }
            for q in &record.quotes {
                let row = QuoteRow {
                    id: &record.id,
                    speaker: q.speaker.name.as_deref().unwrap_or(""),
                    speaker_id: q.speaker.entity_id.as_deref().unwrap_or(""),
                    resolved_by: &q.speaker.resolved_by,
                    kind: &q.kind,
                    cue: q.cue.as_ref().map_or("", |c| c.text.as_str()),
                    quote: &q.content.text,
                    start: q.content.span[0],
                    end: q.content.span[1],
                    rule: &q.rule,
                };
                match args.format {
                    QuoteFormat::Jsonl => {
                        serde_json::to_writer(&mut out, &row)?;
                        writeln!(out)?;
                    }
                    QuoteFormat::Json => {
                        if !first {
                            write!(out, ",")?;
                        }
                        writeln!(out)?;
                        serde_json::to_writer(&mut out, &row)?;
                    }
                    QuoteFormat::Csv | QuoteFormat::Tsv => {
                        let sep = if args.format == QuoteFormat::Csv {
                            ","
                        } else {
                            "\t"
                        };
                        let start = row.start.to_string();
                        let end = row.end.to_string();
                        let cells = [
                            row.id,
                            row.speaker,
                            row.speaker_id,
                            row.resolved_by,
                            row.kind,
                            row.cue,
                            row.quote,
                            &start,
                            &end,
                            row.rule,
                        ];
                        let line: Vec<String> = cells
                            .iter()
                            .map(|c| {
                                if args.format == QuoteFormat::Csv {
                                    csv_cell(c)
                                } else {
                                    tsv_cell(c)
                                }
                            })
                            .collect();
                        writeln!(out, "{}", line.join(sep))?;
                    }
                    QuoteFormat::Table => {}
                }
                first = false;
            }
            Ok(())
        },
    )?;
    if args.format == QuoteFormat::Json {
        writeln!(out, "\n]")?;
    }
    out.commit()?;
    Ok(failures)
}

/// A CSV cell, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// A TSV cell: tabs and line breaks become spaces, so every row stays one line.
fn tsv_cell(cell: &str) -> String {
    cell.replace(['\t', '\n', '\r'], " ")
}

/// The terminal's width; `COLUMNS`, or 100 columns, when output is not a terminal.
fn terminal_width() -> usize {
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(100)
        .clamp(40, 400)
}

/// At most `width` characters of `text`, an ellipsis marking a cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `speaker · kind · quote`, the quote wrapped under its own column.
fn write_quote_table(
    out: &mut impl Write,
    record: &whosaid::Record,
    width: usize,
) -> io::Result<()> {
    let title = record.title.as_deref().unwrap_or("");
    writeln!(out, "# {}  {}", record.id, title)?;
    if record.quotes.is_empty() {
        writeln!(out, "  (no quotes)")?;
        return Ok(());
    }
    // Long descriptions (`The two top-brass military officials`) are cut to keep the quotes
    // readable.
    const MAX_SPEAKER: usize = 26;
    let name = |q: &whosaid::record::QuoteRecord| {
        q.speaker
            .name
            .clone()
            .unwrap_or_else(|| "(unresolved)".to_string())
    };
    let speaker_width = record
        .quotes
        .iter()
        .map(|q| name(q).chars().count())
        .max()
        .unwrap_or(0)
        .min(MAX_SPEAKER);
    let indent = speaker_width + 2 + 8 + 2;
    let quote_width = width.saturating_sub(indent).max(20);
    for q in &record.quotes {
        let speaker = fit(&name(q), MAX_SPEAKER);
        let content = q
            .content
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let lines = wrap(&content, quote_width);
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                writeln!(out, "{speaker:<speaker_width$}  {:<8}  {line}", q.kind)?;
            } else {
                writeln!(out, "{:indent$}{line}", "")?;
            }
        }
    }
    Ok(())
}

/// Greedy word wrap to `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[derive(Serialize)]
struct CheckReport<'a> {
    id: &'a str,
    path: String,
    status: &'static str,
    differences: &'a [whosaid::check::Difference],
}

fn check(args: CheckArgs) -> anyhow::Result<Status> {
    use whosaid::check::{CheckOptions, Expected, Scope, compare};
    let extractor = args.gazetteers.extractor()?;
    let options = CheckOptions {
        scope: match args.only {
            None => Scope::All,
            Some(CheckScope::Quotes) => Scope::Quotes,
            Some(CheckScope::Entities) => Scope::Entities,
        },
        ignore: args.ignore.clone(),
    };
    let mut out = Sink::open(args.inputs.output.as_deref())?;
    let mut expected = Expected::new();
    let (mut checked, mut matching, mut differing, mut missing, mut blessed) = (0, 0, 0, 0, 0);
    let mut store_errors = 0;
    let failures = for_each_article(
        &args.inputs,
        |article| extractor.extract(article),
        |article, record| {
            let path = article.origin.path.clone();
            let old = match expected.get(&path, &article.id) {
                Ok(old) => old,
                Err(e) => {
                    eprintln!("whosaid: {e}");
                    store_errors += 1;
                    return Ok(());
                }
            };
            let (status, differences) = match &old {
                None => {
                    missing += 1;
                    ("no expected record", Vec::new())
                }
                Some(old) => {
                    checked += 1;
                    let differences = compare(old, &record, &options);
                    if differences.is_empty() {
                        matching += 1;
                        ("match", differences)
                    } else {
                        differing += 1;
                        ("differs", differences)
                    }
                }
            };
            let bless = args.bless && status != "match";
            if bless {
                if let Err(e) = expected.set(&path, record.clone()) {
                    eprintln!("whosaid: {e}");
                    store_errors += 1;
                } else {
                    blessed += 1;
                }
            }
            match args.format {
                CheckFormat::Json => {
                    serde_json::to_writer(
                        &mut out,
                        &CheckReport {
                            id: &record.id,
                            path: path.display().to_string(),
                            status,
                            differences: &differences,
                        },
                    )?;
                    writeln!(out)?;
                }
                CheckFormat::Text if !differences.is_empty() => {
                    writeln!(
                        out,
                        "{} ({}): {} difference(s)",
                        record.id,
                        path.display(),
                        differences.len()
                    )?;
                    for difference in &differences {
                        writeln!(out, "  - {difference}")?;
                    }
                }
                CheckFormat::Text => {}
            }
            Ok(())
        },
    )?;
    if args.bless {
        for path in expected.save()? {
            eprintln!("whosaid: blessed {}", path.display());
        }
    }
    let summary = format!(
        "{checked} articles, {matching} match, {differing} differ{}{}",
        if missing > 0 {
            format!(", {missing} without expected record")
        } else {
            String::new()
        },
        if args.bless {
            format!("; {blessed} blessed")
        } else {
            String::new()
        },
    );
    match args.format {
        CheckFormat::Text => writeln!(out, "{summary}")?,
        CheckFormat::Json => {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"summary": {
                    "articles": checked, "match": matching, "differ": differing,
                    "without_expected": missing, "blessed": blessed,
                }}),
            )?;
            writeln!(out)?;
        }
    }
    out.commit()?;
    Ok(Status {
        failed_inputs: failures + store_errors,
        differs: differing > 0 && !args.bless,
    })
}

fn cooc(args: CoocArgs) -> anyhow::Result<Status> {
    use whosaid::cooc::{ArticleUnits, CoocOptions, Table, Unit};
    if let Some(CoocCommand::Merge {
        tables,
        output,
        destination,
    }) = &args.merge
    {
        return cooc_merge(tables, output, destination.as_deref());
    }
    let Some(inputs) = &args.inputs else {
        anyhow::bail!("cooc needs input paths (or `cooc merge TABLE...`)");
    };
    let extractor = args.gazetteers.extractor()?;
    let unit = match args.unit {
        CoocUnit::Sentence => Unit::Sentence,
        CoocUnit::Paragraph => Unit::Paragraph,
        CoocUnit::Article => Unit::Article,
    };
    let options = CoocOptions {
        unit,
        types: args
            .types
            .iter()
            .map(|t| match t {
                EntityKind::Person => whosaid::gazetteer::EntityType::Person,
                EntityKind::Country => whosaid::gazetteer::EntityType::Country,
                EntityKind::Weapon => whosaid::gazetteer::EntityType::Weapon,
            })
            .collect(),
        speakers: args.speakers,
    };
    let mut table = Table::new(unit);
    let work = |article: &Article| {
        ArticleUnits::of(&extractor.analyse(article), extractor.gazetteer(), &options)
    };
    let failures = for_each_article(inputs, work, |_, units| {
        table.add(&units);
        Ok(())
    })?;
    let mut out = Sink::open(inputs.output.as_deref())?;
    whosaid::cooc::output::write(
        &mut out,
        &table,
        args.output.format.library(),
        args.output.min_count,
    )?;
    out.commit()?;
    Ok(Status::from(failures))
}

fn cooc_merge(
    tables: &[PathBuf],
    output: &CoocOutput,
    destination: Option<&std::path::Path>,
) -> anyhow::Result<Status> {
    use whosaid::cooc::Table;
    let mut merged: Option<Table> = None;
    for path in tables {
        let data = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let table =
            Table::from_jsonl(&path.display().to_string(), &data).map_err(anyhow::Error::msg)?;
        match merged.as_mut() {
            None => merged = Some(table),
            Some(m) => m
                .merge(&table)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        }
    }
    let Some(table) = merged else {
        anyhow::bail!("no tables to merge");
    };
    let mut out = Sink::open(destination)?;
    whosaid::cooc::output::write(&mut out, &table, output.format.library(), output.min_count)?;
    out.commit()?;
    Ok(Status::default())
}
