//! Bad input: each kind gets a clear error naming the file and line, the rest of the batch
//! still runs, and the exit status is 1. (Invalid UTF-8 is decoded lossily with a warning: the
//! article is still worth reading.)

use std::path::Path;

use crate::util::{scratch, whosaid};

/// Runs `whosaid extract` on the bad file and a good one; returns (ids extracted, stderr, code).
fn extract_with_good(bad: &Path, extra: &[&str]) -> (Vec<String>, String, Option<i32>) {
    let good = bad.with_file_name("good.txt");
    std::fs::write(&good, "Baqeri said the talks went well.").unwrap();
    let mut args = vec!["extract"];
    args.extend_from_slice(extra);
    args.push(bad.to_str().unwrap());
    args.push(good.to_str().unwrap());
    let output = whosaid(&args);
    let ids = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    (
        ids,
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let bad = scratch("bad_utf8").join("latin1.txt");
    std::fs::write(&bad, b"Caf\xe9 owner Baqeri said the talks went well.").unwrap();
    let (ids, err, code) = extract_with_good(&bad, &[]);
    assert_eq!(ids, ["latin1", "good"]);
    assert!(
        err.contains("latin1.txt: invalid UTF-8 at byte 3; invalid bytes replaced by U+FFFD"),
        "{err}"
    );
    assert_eq!(code, Some(0));
}

#[test]
fn empty_and_binary_files_are_errors() {
    let dir = scratch("bad_empty_binary");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "  \n\n").unwrap();
    let (ids, err, code) = extract_with_good(&empty, &[]);
    assert_eq!((ids, code), (vec!["good".to_string()], Some(1)));
    assert!(err.contains("empty.txt: empty file: no article"), "{err}");
    let binary = dir.join("image.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let (ids, err, code) = extract_with_good(&binary, &[]);
    assert_eq!((ids, code), (vec!["good".to_string()], Some(1)));
    assert!(
        err.contains("image.txt: binary file (NUL bytes): not an article"),
        "{err}"
    );
    assert!(err.contains("1 input(s) failed"), "{err}");
}

#[test]
fn an_article_over_the_size_limit_is_skipped() {
    let big = scratch("bad_big").join("big.txt");
    // 50 MB in one paragraph: over the default 20 MiB limit.
    std::fs::write(&big, "word ".repeat(10_000_000)).unwrap();
    let (ids, err, code) = extract_with_good(&big, &[]);
    assert_eq!((ids, code), (vec!["good".to_string()], Some(1)));
    assert!(
        err.contains("big.txt: article larger than --max-article-bytes (20971520 bytes); skipped"),
        "{err}"
    );
    let line = big.with_file_name("big.jsonl");
    std::fs::write(
        &line,
        format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"Short.\"}}\n",
            "a".repeat(2000)
        ),
    )
    .unwrap();
    let (ids, err, code) = extract_with_good(&line, &["--max-article-bytes", "1000"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("big.jsonl:1: record larger than --max-article-bytes (1000 bytes); skipped"),
        "{err}"
    );
    assert_eq!(
        ids.len(),
        2,
        "the record after the long line and the good file: {ids:?}"
    );
}

#[test]
fn runaway_and_unbalanced_quotation_marks() {
    let dir = scratch("bad_marks");
    let runaway = dir.join("runaway.txt");
    std::fs::write(
        &runaway,
        format!("Baqeri said {} and left.", "“".repeat(100_000)),
    )
    .unwrap();
    let (ids, _, code) = extract_with_good(&runaway, &[]);
    assert_eq!(
        (ids, code),
        (vec!["runaway".to_string(), "good".to_string()], Some(0))
    );
    let unbalanced = dir.join("unbalanced.txt");
    std::fs::write(
        &unbalanced,
        "“We will respond,” he said. ”Stray close and “never closed.\n\n\"Straight « mixed ” marks\" said Baqeri.",
    )
    .unwrap();
    let (ids, _, code) = extract_with_good(&unbalanced, &[]);
    assert_eq!(
        (ids, code),
        (vec!["unbalanced".to_string(), "good".to_string()], Some(0))
    );
}

#[test]
fn broken_json_lines() {
    let bad = scratch("bad_jsonl").join("broken.jsonl");
    std::fs::write(
        &bad,
        concat!(
            "{\"id\": \"ok1\", \"text\": \"Fine.\"}\n",
            "{\"id\": \"cut\", \"text\": \"Trunc\n",
            "[\"not\", \"an\", \"object\"]\n",
            "{\"id\": \"types\", \"text\": 42}\n",
            "{\"id\": \"notext\"}\n",
            "{\"id\": [1], \"text\": \"Bad id.\"}\n",
            "{\"id\": \"ok2\", \"text\": \"Fine too.\", \"date\": null}\n",
        ),
    )
    .unwrap();
    let (ids, err, code) = extract_with_good(&bad, &[]);
    assert_eq!(ids, ["ok1", "ok2", "good"]);
    assert_eq!(code, Some(1));
    for message in [
        "broken.jsonl:2: not valid JSON: EOF while parsing a string",
        "broken.jsonl:3: expected a JSON object, found an array",
        "broken.jsonl:4: field \"text\" must be a string, found a number",
        "broken.jsonl:5: missing field \"text\"",
        "broken.jsonl:6: field \"id\" must be a string or a number, found an array",
        "5 input(s) failed",
    ] {
        assert!(err.contains(message), "missing {message:?} in:\n{err}");
    }
}

#[test]
fn missing_paths_and_symlink_loops() {
    let dir = scratch("bad_paths");
    let tree = dir.join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("a.txt"), "Baqeri said so.").unwrap();
    std::os::unix::fs::symlink(&tree, tree.join("loop")).unwrap();
    let missing = dir.join("missing.jsonl");
    let output = whosaid(&["extract", tree.to_str().unwrap(), missing.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        err.contains("loop: directory already visited (symbolic link loop?); skipped"),
        "{err}"
    );
    assert!(
        err.contains("missing.jsonl: No such file or directory"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 1);
}

#[test]
fn a_gazetteer_with_bad_lines_names_file_and_line() {
    let dir = scratch("bad_gazetteer");
    let gazetteer = dir.join("mine.tsv");
    std::fs::write(
        &gazetteer,
        "id\ttype\tcanonical\nX1\tperson\tAnn Lee\nX2\tplanet\tMars\n",
    )
    .unwrap();
    let output = whosaid(&["extract", "--gazetteer", gazetteer.to_str().unwrap(), "-"]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        err.contains("mine.tsv:3: type must be country, person or weapon, not \"planet\""),
        "{err}"
    );
}
