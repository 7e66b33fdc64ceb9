//! `vanban eval`: retrieval quality at article level against a plain BM25 peer.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

/// The arguments of `vanban eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Corpus file or folder (ALQAC/Zalo law layout or any format vanban reads; repeatable).
    #[arg(long, required = true)]
    corpus: Vec<PathBuf>,
    /// Questions with gold articles: `[{text, relevant_articles: [{law_id, article_id}]}]`.
    #[arg(long)]
    queries: PathBuf,
    /// Print JSON: `{"runs": [{system, variant, queries, recall@1, ..., ndcg@10}]}`.
    #[arg(long)]
    pub(super) json: bool,
    /// Write every question's ranking (JSON lines) to this file, to look into the figures.
    #[arg(long)]
    per_query: Option<PathBuf>,
    /// What the gold's law ids name: the document `id` (ALQAC/Zalo law layout) or its `number`
    /// (a corpus in another format, such as the shared `congbao` records, for Zalo 2021).
    #[arg(long, value_enum, default_value = "id")]
    law_key: vanban::eval::LawKey,
    /// Score only the questions whose gold articles are all in the corpus.
    #[arg(long)]
    covered_only: bool,
    /// Ranking knob: weight of title matches.
    #[arg(long)]
    title_weight: Option<f32>,
    /// Ranking knob: extra weight of accented matches.
    #[arg(long)]
    accented_weight: Option<f32>,
    /// Ranking knob: weight of syllable-pair matches.
    #[arg(long)]
    pairs_weight: Option<f32>,
    /// Ranking knob: weight of an exact number match.
    #[arg(long)]
    number_weight: Option<f32>,
    /// Ranking knob: weight of accented matches of diacritics restored in a query typed without.
    #[arg(long)]
    restored_weight: Option<f32>,
    /// Ranking knob: weight of a passage's context (document title, heading) among passages.
    #[arg(long)]
    context_weight: Option<f32>,
    /// Ranking knob: the average passage length BM25 normalizes by, times the real one.
    #[arg(long)]
    length_scale: Option<f32>,
    /// Ranking knob: weight of a passage that is an article the question names (`điều 38`).
    #[arg(long)]
    article_weight: Option<f32>,
    /// Ranking knob: terms held by more than this share of passages do not rank (0 or 1: all do).
    #[arg(long)]
    common_terms: Option<f32>,
    /// Ranking knob: weight of the terms a document's heading holds when its passages are
    /// ranked among themselves (1: as any term).
    #[arg(long)]
    title_terms_weight: Option<f32>,
}

/// Runs `vanban eval`.
pub fn run(args: EvalArgs) -> Result<()> {
    use std::io::Write;
    let mut opts = vanban::eval::EvalOptions::new(args.corpus, args.queries);
    opts.law_key = args.law_key;
    opts.covered_only = args.covered_only;
    let w = &mut opts.weights;
    for (knob, value) in [
        (&mut w.title, args.title_weight),
        (&mut w.accented, args.accented_weight),
        (&mut w.pairs, args.pairs_weight),
        (&mut w.number, args.number_weight),
        (&mut w.restored, args.restored_weight),
        (&mut w.context, args.context_weight),
        (&mut w.length_scale, args.length_scale),
        (&mut w.article, args.article_weight),
        (&mut w.common, args.common_terms),
        (&mut w.title_terms, args.title_terms_weight),
    ] {
        if let Some(v) = value {
            *knob = v;
        }
    }
    let report = vanban::eval::run(&opts)?;
    if let Some(path) = &args.per_query {
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        for r in &report.per_query {
            serde_json::to_writer(&mut out, r)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    for note in report.notes() {
        eprintln!("{note}");
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(())
}
