//! The decisions part of `review.html`: a reviewer picks a decision and
//! writes a note on any row, the page keeps them in the browser
//! (`localStorage`, under [`storage_key`]) and downloads them as a
//! `decisions.csv` that `classify --decisions` reads ([`crate::decisions`]).
//!
//! Its markup is [`panel`], its script `decisions.js` (run in the same scope
//! as `review.js`, which draws the `decision` column through it) and its
//! style `decisions.css`. Nothing here needs the network: the download is a
//! `blob:` link the page clicks (a download is not a fetch, so the page's
//! `default-src 'none'` policy is unchanged) and a file is read with
//! `FileReader`.

use sha2::{Digest, Sha256};

use crate::classify::Summary;

/// The page's script for decisions (in the same function as `review.js`).
pub(super) const SCRIPT: &str = include_str!("decisions.js");

/// The page's style for decisions.
pub(super) const STYLE: &str = include_str!("decisions.css");

/// Where the browser keeps this run's decisions: the county and the SHA-256
/// of every input file, in order. A rerun on the same inputs (with the
/// exported decisions applied, another policy or as-of date) finds the same
/// decisions; other inputs, other counts, another key. The determinations'
/// own hash would change as soon as decisions were applied.
pub fn storage_key(summary: &Summary) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"clearmotion review decisions\n");
    hasher.update(summary.county.as_bytes());
    for input in &summary.inputs {
        hasher.update(b"\n");
        hasher.update(input.sha256.as_bytes());
    }
    format!("clearmotion-decisions-v1:{}", crate::ingest::source::hex(&hasher.finalize()))
}

/// The "Your decisions" section: the reviewer's name, the counts, the
/// download button and the file to continue from (filled in by the script).
pub(super) fn panel() -> &'static str {
    concat!(
        "<h2 id=\"decisions\">Your decisions</h2>\n",
        "<div class=\"decide\" id=\"d-panel\">\n",
        "<p>Enter your name once. Then, in the <b>Decision</b> column of the <a href=\"#review-queue\">review queue</a> ",
        "(or of any determination), choose <i>dismiss</i>, <i>reduce</i>, <i>not eligible</i> or <i>keep in review</i> ",
        "and write a short note saying why. Decisions are kept in this browser, on this computer, for this run's input files, ",
        "and come back when the page is opened again. When you are done, download <code>decisions.csv</code> and give it to ",
        "whoever runs clearmotion (<code>--decisions decisions.csv</code>).</p>\n",
        "<div class=\"d-row\"><label for=\"d-name\">Your name</label>",
        "<input id=\"d-name\" type=\"text\" autocomplete=\"name\" maxlength=\"200\">",
        "<button type=\"button\" id=\"d-name-save\">Save name</button></div>\n",
        "<p id=\"d-name-needed\" class=\"d-warn\">Enter your name and press Save name to record decisions.</p>\n",
        "<p id=\"d-storage\" class=\"d-warn\" hidden>This browser does not keep the decisions (storage is off or full): ",
        "download decisions.csv before closing the page.</p>\n",
        "<p id=\"d-status\" role=\"status\" aria-live=\"polite\"></p>\n",
        "<div class=\"d-row\"><button type=\"button\" id=\"d-export\">Download decisions.csv</button>",
        "<span id=\"d-exported\" role=\"status\"></span></div>\n",
        "<div class=\"d-row\"><label for=\"d-file\">Continue from a decisions file</label>",
        "<input id=\"d-file\" type=\"file\" accept=\".csv,text/csv\"></div>\n",
        "<div id=\"d-load\" role=\"status\" aria-live=\"polite\"></div>\n",
        "<noscript><p class=\"d-warn\">Decisions need the page's script: allow it, or write decisions.csv by hand (see the README).</p></noscript>\n",
        "</div>\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_never_puts_data_into_markup_and_needs_no_network() {
        for forbidden in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "fetch(",
            "XMLHttpRequest",
            "</script",
        ] {
            assert!(!SCRIPT.contains(forbidden), "{forbidden}");
        }
        assert!(!STYLE.contains("url("));
    }
}
