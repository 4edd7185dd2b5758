//! `clearmotion rules`: the rules the engine runs, in precedence order.

use clap::Args;
use clearmotion::eligibility::{Tables, rules};

use super::{Error, Status};

/// Print every rule the eligibility engine applies, in the order it applies
/// them (the first rule that decides wins), with its citation.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  clearmotion rules")]
pub struct RulesArgs {
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Line {
    id: String,
    outcome: String,
    citation: String,
    explanation: String,
}

pub fn run(args: RulesArgs) -> Result<Status, Error> {
    let tables = Tables::builtin()?;
    let mut lines = Vec::new();
    for rule in rules::ALL {
        if rule.id == rules::RELIEF_TABLE.id {
            for entry in &tables.relief {
                let outcome = format!("{:?}", entry.relief).to_lowercase();
                lines.push(Line {
                    id: entry.rule.clone(),
                    outcome,
                    citation: entry.citation.clone(),
                    explanation: entry.reason.clone(),
                });
                if let (Some(relief), Some(rule), Some(reason)) =
                    (entry.not_felony, &entry.not_felony_rule, &entry.not_felony_reason)
                {
                    lines.push(Line {
                        id: rule.clone(),
                        outcome: format!("{relief:?}").to_lowercase(),
                        citation: entry.citation.clone(),
                        explanation: reason.clone(),
                    });
                }
            }
        } else if rule.id == rules::REMAINS_FELONY.id {
            for entry in &tables.remains_felony {
                lines.push(Line {
                    id: entry.rule.clone(),
                    outcome: "not_eligible".to_owned(),
                    citation: entry.citation.clone(),
                    explanation: entry.reason.clone(),
                });
            }
        } else {
            lines.push(Line {
                id: rule.id.to_owned(),
                outcome: rule.outcome.to_owned(),
                citation: rule.citation.to_owned(),
                explanation: rule.explanation.to_owned(),
            });
        }
    }
    // Applied over the engine's determination when the DOJ file is combined
    // with the office's records (README: "Combining the DOJ file with the
    // office's records").
    let engine_rules = lines.len();
    for rule in clearmotion::sources::RULES {
        lines.push(Line {
            id: rule.id.to_owned(),
            outcome: rule.outcome.to_owned(),
            citation: rule.citation.to_owned(),
            explanation: rule.explanation.to_owned(),
        });
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&lines)?);
    } else {
        outln!("Rules in the order they apply (the first that decides wins):\n");
        for (n, line) in lines.iter().enumerate() {
            if n == engine_rules {
                outln!(
                    "When the DOJ file is combined with the office's own records, these replace the engine's determination (a person decides):\n"
                );
            }
            outln!("{:>2}. {}  [{}]\n    {}\n    {}\n", n + 1, line.id, line.outcome, line.citation, line.explanation);
        }
    }
    Ok(Status::Done)
}
