//! Known articles: every article under `tests/known/` has an expected record beside it
//! (`NAME.expected.json`, or `NAME.expected.jsonl` for JSON Lines) that was checked by hand
//! against `GUIDELINES.md` (see `tests/known/README.md`). This runs `whosaid check` through
//! the library; after an intended change, `whosaid check --bless tests/known` updates them.

use std::path::{Path, PathBuf};

use whosaid::check::{CheckOptions, Expected, compare};
use whosaid::{ArticleReader, Extractor, ReadOptions};

#[test]
fn known_articles_match_their_expected_records() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/known");
    let extractor = Extractor::embedded().unwrap();
    let mut expected = Expected::new();
    let mut report = String::new();
    let mut articles = 0;
    for item in ArticleReader::new(&[PathBuf::from(&dir)], ReadOptions::default()) {
        let article = item.unwrap();
        articles += 1;
        let record = extractor.extract(&article);
        let path = &article.origin.path;
        let Some(old) = expected.get(path, &article.id).unwrap() else {
            report.push_str(&format!(
                "{} ({}): no expected record\n",
                article.id,
                path.display()
            ));
            continue;
        };
        let differences = compare(&old, &record, &CheckOptions::default());
        if !differences.is_empty() {
            report.push_str(&format!("{} ({}):\n", article.id, path.display()));
            for difference in differences {
                report.push_str(&format!("  - {difference}\n"));
            }
        }
    }
    assert!(articles >= 1, "no known articles under {}", dir.display());
    assert!(
        report.is_empty(),
        "known articles differ from their expected records \
         (if the change is intended: cargo run -- check --bless tests/known):\n{report}"
    );
}
