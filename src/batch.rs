//! Running the pipeline over many articles on several threads, with output in input order and
//! memory bounded by the batch size, whatever the corpus size.
//!
//! Articles are read on the calling thread and gathered into batches (at most
//! [`BATCH_ARTICLES`] articles or [`BATCH_BYTES`] bytes of text); each batch is processed in
//! parallel, then its results are handed over in input order before the next batch is read.
//! On one thread each article is processed and handed over as soon as it is read.

use crate::article::Article;
use crate::error::Error;

/// Articles per batch at most.
pub const BATCH_ARTICLES: usize = 2048;
/// Bytes of article text per batch at most (one larger article makes a batch of its own).
pub const BATCH_BYTES: usize = 16 * 1024 * 1024;

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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok();
    let mut articles = articles.peekable();
    while articles.peek().is_some() {
        let mut batch: Vec<Result<Article, Error>> = Vec::new();
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
        let run = |batch: Vec<Result<Article, Error>>| -> Vec<Outcome<T>> {
            use rayon::prelude::*;
            batch
                .into_par_iter()
                .map(|item| guarded(&work, item))
                .collect()
        };
        let outcomes = match &pool {
            None => batch.into_iter().map(|item| guarded(&work, item)).collect(),
            Some(pool) => pool.install(|| run(batch)),
        };
        for outcome in outcomes {
            sink(outcome)?;
        }
    }
    Ok(())
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
}
