//! Running the pipeline over many articles on several threads, with output in input order and
//! memory bounded by the batch size, whatever the corpus size.
//!
//! Articles are read on the calling thread and gathered into batches (at most
//! [`BATCH_ARTICLES`] articles or [`BATCH_BYTES`] bytes of text); each batch is processed in
//! parallel while the calling thread reads the next one and hands over the results of the one
//! before, in input order. On one thread each article is processed and handed over as soon as
//! it is read.

use crate::article::Article;
use crate::error::Error;

/// Articles per batch at most.
pub const BATCH_ARTICLES: usize = 1024;
/// Bytes of article text per batch at most (one larger article makes a batch of its own).
pub const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// One input's outcome: the article and what `work` made of it, or the error reading it.
pub type Outcome<T> = Result<(Article, T), Error>;

/// Runs `work` over every article of `articles` on `threads` threads (0: all cores) and hands
/// each outcome to `sink` in input order. Stops at the first error `sink` returns.
pub fn for_each_ordered<T, W, S, E>(
    articles: impl Iterator<Item = Result<Article, Error>>,
    threads: usize,
    work: W,
    mut sink: S,
) -> Result<(), E>
where
    T: Send,
    W: Fn(&Article) -> T + Sync,
    S: FnMut(Outcome<T>) -> Result<(), E>,
{
    if threads == 1 {
        // One thread: each article goes from reading to its sink at once, while its text and
        // results are still in cache (a batch would only hold them longer).
        for item in articles {
            sink(guarded(&work, item))?;
        }
        return Ok(());
    }
    let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else {
        // No threads to be had: one after the other.
        for item in articles {
            sink(guarded(&work, item))?;
        }
        return Ok(());
    };
    let mut articles = articles.peekable();
    let work = &work;
    // While the pool works on one batch, this thread reads the next one and hands over the
    // one before: reading and writing are no longer time the workers wait. At most two
    // batches are held, and the outcomes of a third.
    pool.in_place_scope(|scope| {
        let mut previous: Option<std::sync::mpsc::Receiver<Vec<Outcome<T>>>> = None;
        loop {
            let batch = next_batch(&mut articles);
            let current = (!batch.is_empty()).then(|| {
                let (done, outcomes) = std::sync::mpsc::channel();
                scope.spawn(move |_| {
                    use rayon::prelude::*;
                    let processed: Vec<Outcome<T>> = batch
                        .into_par_iter()
                        .map(|item| guarded(work, item))
                        .collect();
                    // The receiver is gone only when the sink failed and the run is over.
                    let _ = done.send(processed);
                });
                outcomes
            });
            if let Some(outcomes) = previous.take() {
                // A batch's task always sends (a panic in `work` is caught per article).
                for outcome in outcomes.recv().into_iter().flatten() {
                    sink(outcome)?;
                }
            }
            match current {
                Some(outcomes) => previous = Some(outcomes),
                None => return Ok(()),
            }
        }
    })
}

/// The next batch of `articles`: at most [`BATCH_ARTICLES`] articles and, past one article,
/// [`BATCH_BYTES`] bytes of text; empty at the end.
fn next_batch(
    articles: &mut impl Iterator<Item = Result<Article, Error>>,
) -> Vec<Result<Article, Error>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < BATCH_ARTICLES && bytes < BATCH_BYTES {
        let Some(item) = articles.next() else {
            break;
        };
        if let Ok(article) = &item {
            bytes += article.text.len();
        }
        batch.push(item);
    }
    batch
}

/// Runs `work` on one article; a panic (a bug in whosaid) becomes that article's error, so the
/// rest of the batch still runs.
fn guarded<T, W: Fn(&Article) -> T>(work: &W, item: Result<Article, Error>) -> Outcome<T> {
    let article = item?;
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&article))) {
        Ok(result) => Ok((article, result)),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::invalid(
                article.origin.clone(),
                format!(
                    "internal error on article {:?}, skipped (please report): {message}",
                    article.id
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_keeps_input_order_with_errors_in_place() {
        let items = || {
            (0..5000u64).map(|i| {
                if i % 1000 == 7 {
                    Err(Error::invalid(crate::error::Location::line("x", i), "bad"))
                } else {
                    Ok(Article::from_text(i.to_string(), "Text."))
                }
            })
        };
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            for_each_ordered(
                items(),
                threads,
                |a| a.id.len(),
                |outcome| {
                    seen.push(match outcome {
                        Ok((article, _)) => article.id,
                        Err(e) => format!("error {}", e.location()),
                    });
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(seen.len(), 5000);
            assert_eq!(seen[6], "6");
            assert_eq!(seen[7], "error x:7");
            assert_eq!(seen[4999], "4999");
        }
    }

    #[test]
    fn a_panic_is_one_articles_error() {
        let items = (0..3u64).map(|i| Ok(Article::from_text(i.to_string(), "Text.")));
        let mut seen = Vec::new();
        for_each_ordered(
            items,
            2,
            |a| if a.id == "1" { panic!("boom") } else { 1 },
            |outcome| {
                seen.push(outcome.map(|(a, _)| a.id).map_err(|e| e.to_string()));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen[0], Ok("0".to_string()));
        assert!(seen[1].as_ref().is_err_and(|e| e.contains("internal error on article \"1\"") && e.contains("boom")));
        assert_eq!(seen[2], Ok("2".to_string()));
    }

    #[test]
    fn a_sink_error_stops_the_run_after_the_outcomes_before_it() {
        for threads in [1, 2] {
            let items = (0..3 * BATCH_ARTICLES as u64)
                .map(|i| Ok(Article::from_text(i.to_string(), "Text.")));
            let mut seen = 0usize;
            let stop_at = BATCH_ARTICLES + 5;
            let result = for_each_ordered(
                items,
                threads,
                |a| a.id.clone(),
                |outcome| {
                    let (article, id) = outcome.map_err(|_| "read error")?;
                    assert_eq!(article.id, seen.to_string());
                    assert_eq!(id, article.id);
                    if seen == stop_at {
                        return Err("sink full");
                    }
                    seen += 1;
                    Ok(())
                },
            );
            assert_eq!(result, Err("sink full"));
            assert_eq!(seen, stop_at);
        }
    }
}
