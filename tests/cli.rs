//! The `whosaid` binary: exit statuses, formats and error reporting, run as a user runs it.

use std::process::Command;

use crate::util::{scratch, stderr, stdout, whosaid};

const SEED: &str = "seeds/000_7f991ce8c2ac45f0.txt";

#[test]
fn sentences_of_the_seed_as_text() {
    let output = whosaid(&["sentences", SEED]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 15);
    assert!(lines[0].starts_with("Chief of Staff of the Iranian Armed Forces says"));
    assert_eq!(
        lines[4],
        "“Despite increased mutual relations in recent years, we believe there are still untapped potentials for the promotion of relations between the two countries."
    );
}

#[test]
fn sentences_jsonl_spans_are_character_offsets() {
    let output = whosaid(&["sentences", "--format", "jsonl", SEED]);
    assert!(output.status.success(), "{}", stderr(&output));
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(record["id"], "000_7f991ce8c2ac45f0");
    let content = std::fs::read_to_string(SEED).unwrap();
    // The article text is the file after the header line and the blank line.
    let text: Vec<char> = content.split_once("\n\n").unwrap().1.chars().collect();
    let sentences = record["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 15);
    for sentence in sentences {
        let start = sentence["span"][0].as_u64().unwrap() as usize;
        let end = sentence["span"][1].as_u64().unwrap() as usize;
        let sliced: String = text[start..end].iter().collect();
        assert_eq!(sliced, sentence["text"].as_str().unwrap());
    }
}

#[test]
fn jsonl_ids_may_be_numbers_and_bad_lines_do_not_stop_the_rest() {
    let dir = scratch("jsonl_mixed");
    let file = dir.join("mixed.jsonl");
    std::fs::write(
        &file,
        "{\"id\": 12, \"text\": \"One. Two.\"}\n{\"id\": \"x\", \"text\": \n[1]\n{\"text\": \"Three.\"}\n",
    )
    .unwrap();
    let output = whosaid(&["sentences", "--format", "jsonl", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "12");
    assert_eq!(records[0]["sentences"].as_array().unwrap().len(), 2);
    assert!(
        records[1]["id"]
            .as_str()
            .unwrap()
            .ends_with("mixed.jsonl:4")
    );
    let err = stderr(&output);
    assert!(err.contains("mixed.jsonl:2: not valid JSON"), "{err}");
    assert!(
        err.contains("mixed.jsonl:3: expected a JSON object, found an array"),
        "{err}"
    );
    assert!(err.contains("2 input(s) failed"), "{err}");
}

#[test]
fn directories_are_walked_in_order_and_missing_paths_reported() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("b.txt"), "Bee.").unwrap();
    std::fs::write(dir.join("sub/a.txt"), "Sub.").unwrap();
    std::fs::write(dir.join("a.txt"), "Ay.").unwrap();
    std::fs::write(dir.join("a.expected.json"), "{}").unwrap();
    std::fs::write(dir.join("notes.md"), "Not an article.").unwrap();
    let missing = dir.join("missing.txt");
    let output = whosaid(&[
        "sentences",
        "--format",
        "jsonl",
        dir.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let ids: Vec<String> = stdout(&output)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["a", "b", "a"]);
    assert!(stderr(&output).contains("missing.txt: No such file or directory"));
}

#[test]
fn stdin_is_sniffed() {
    use std::io::Write;
    use std::process::Stdio;
    for (input, id) in [
        ("{\"id\": \"s\", \"text\": \"Hi there.\"}\n", "s"),
        ("Hi there.\n", "-"),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
            .args(["sentences", "--format", "jsonl", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
        assert_eq!(record["id"], id);
        assert_eq!(record["sentences"][0]["text"], "Hi there.");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(whosaid(&[]).status.code(), Some(2));
    assert_eq!(whosaid(&["sentences"]).status.code(), Some(2));
    assert_eq!(
        whosaid(&["sentences", "--format", "xml", SEED])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(whosaid(&["nonsense"]).status.code(), Some(2));
    assert_eq!(whosaid(&["--help"]).status.code(), Some(0));
}

#[test]
fn cooc_merge_of_partial_tables_equals_one_run() {
    let dir = scratch("cooc_cli");
    let a = dir.join("a.jsonl");
    let b = dir.join("b.jsonl");
    std::fs::write(
        &a,
        "{\"id\": \"1\", \"text\": \"Iran and Russia met. Russia and Syria met.\"}\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "{\"id\": \"2\", \"text\": \"Iran and Syria met. Iran and Russia met again.\"}\n",
    )
    .unwrap();
    let mut partials = Vec::new();
    for input in [&a, &b] {
        let output = whosaid(&["cooc", "--format", "jsonl", input.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let table = input.with_extension("cooc.jsonl");
        std::fs::write(&table, &output.stdout).unwrap();
        partials.push(table);
    }
    let merged = whosaid(&[
        "cooc",
        "merge",
        partials[0].to_str().unwrap(),
        partials[1].to_str().unwrap(),
    ]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    let whole = whosaid(&["cooc", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(stdout(&merged), stdout(&whole));
    assert!(stdout(&whole).contains("entities,IRN,Iran,country,RUS,Russia,country,2,2,3,3,4,"));
    // A filtered partial table is refused: its counts are incomplete.
    let filtered = whosaid(&[
        "cooc",
        "--format",
        "jsonl",
        "--min-count",
        "2",
        a.to_str().unwrap(),
    ]);
    let table = dir.join("filtered.cooc.jsonl");
    std::fs::write(&table, &filtered.stdout).unwrap();
    let refused = whosaid(&["cooc", "merge", table.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("--min-count 2"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn output_file_is_written_whole_and_no_temporary_file_stays() {
    let dir = scratch("output_file");
    let out = dir.join("records.jsonl");
    let missing = dir.join("missing.txt");
    let output = whosaid(&[
        "extract",
        "--output",
        out.to_str().unwrap(),
        SEED,
        missing.to_str().unwrap(),
    ]);
    // One input failed: exit 1, but the records of the others are all there.
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("records.jsonl")]);
    // A destination that cannot be written is an error, and nothing is left behind.
    let nowhere = dir.join("no/such/dir/out.jsonl");
    let output = whosaid(&["extract", "--output", nowhere.to_str().unwrap(), SEED]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("No such file or directory"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = scratch("closed_pipe");
    let big = dir.join("many.jsonl");
    let line = "{\"text\": \"Baqeri said the talks went well. Shoigu said so too.\"}\n";
    std::fs::write(&big, line.repeat(20_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["quotes", "--format", "tsv", big.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone: whosaid's next writes meet a closed pipe.
    let output = child.wait_with_output().unwrap();
    assert!(first.starts_with("id\tspeaker"));
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn no_progress_bar_in_pipes() {
    let output = whosaid(&["extract", SEED]);
    assert!(output.status.success());
    assert_eq!(stderr(&output), "");
}
