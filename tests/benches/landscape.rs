//! The likelihood landscape on Old Faithful's 272 eruption times: the
//! 200 × 200 grid over two means, and the grid over one mean and its σ
//! (89 × 89: a cell there costs an exp and a ln per distinct value).
//! The page must redraw it within a frame (16 ms) while a slider moves;
//! `tests/e2e/bench.mjs` measures the same in the browser.
//!
//! Run with `cargo bench --bench landscape`.

use criterion::{criterion_group, criterion_main, Criterion};
use em_playground::datasets::old_faithful_eruptions;
use em_playground::em::EmSettings;
use em_playground::models::GaussianStart;
use em_playground::random::SplitMix64;
use em_playground::session::{LandscapeAxes, Session};
use std::hint::black_box;
use std::time::Duration;

fn landscape(c: &mut Criterion) {
    let start = GaussianStart {
        weights: vec![0.35, 0.65],
        means: vec![2.0, 4.3],
        sigmas: vec![0.3, 0.4],
    };
    let session = Session::new(old_faithful_eruptions(), &start, EmSettings::default()).unwrap();
    let mut group = c.benchmark_group("landscape");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500));
    for (name, axes) in [
        (
            "old faithful means",
            LandscapeAxes::Means {
                first: 0,
                second: 1,
            },
        ),
        (
            "old faithful mean-sigma",
            LandscapeAxes::MeanSigma { component: 1 },
        ),
    ] {
        let side = session.landscape(axes).map_or(0, |l| l.columns);
        let name = format!("{name} {side}x{side}");
        group.bench_function(name, |b| b.iter(|| black_box(session.landscape(axes))));
    }
    // 10,000 points with as many distinct values: rounded to 1/1024 of their
    // range and multiplied in runs of equal multiplicity.
    let mut rng = SplitMix64::new(7);
    let data: Vec<f64> = (0..10_000)
        .map(|i| 3.0 * (i % 5) as f64 + rng.next_normal())
        .collect();
    let start = GaussianStart {
        weights: vec![1.0; 5],
        means: vec![0.0, 3.0, 6.0, 9.0, 12.0],
        sigmas: vec![1.0; 5],
    };
    let session = Session::new(data, &start, EmSettings::default()).unwrap();
    let axes = LandscapeAxes::Means {
        first: 0,
        second: 1,
    };
    let side = session.landscape(axes).map_or(0, |l| l.columns);
    group.bench_function(format!("10 000 points K=5 means {side}x{side}"), |b| {
        b.iter(|| black_box(session.landscape(axes)))
    });
    group.finish();
}

criterion_group!(benches, landscape);
criterion_main!(benches);
