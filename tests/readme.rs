//! The README's commands work: every `cargo run --release -- ...` line in a
//! `sh` block is run through the real binary, in order, in one temporary
//! working folder (outputs there), and must succeed.

use std::path::Path;

use assert_cmd::Command;

/// Splits a command line on spaces, keeping "double-quoted words" together.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn readme_commands_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let commands: Vec<&str> =
        readme.lines().filter_map(|line| line.trim().strip_prefix("cargo run --release -- ")).collect();
    assert!(commands.len() >= 2, "the README shows how to run the tool");
    let first_block = readme.find("```sh").expect("a sh block");
    assert!(
        readme[first_block..].trim_start_matches("```sh").trim_start().starts_with("cargo run --release -- "),
        "the README opens with the main command"
    );
    assert!(readme.contains("\ncargo test --locked\n"), "the README gives the test command");
    // The commands run one after the other in one working folder, as a
    // reader would type them: `filed out/packets/san-francisco` names the
    // packet folder the `run` before it wrote, `ledger.sqlite` is shared.
    // The samples are reached through a link, so nothing lands in the repository.
    let work = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(root.join("samples"), work.path().join("samples")).unwrap();
    for command in commands {
        let args = words(command);
        let output = Command::cargo_bin("clearmotion").unwrap().current_dir(work.path()).args(&args).output().unwrap();
        assert!(output.status.success(), "`{command}` failed: {}", String::from_utf8_lossy(&output.stderr));
    }
}
