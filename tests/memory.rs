//! What Choosing K keeps in memory: each K's best fit with its N × K
//! responsibilities once, not also the next E-step its last M-step prepared.
//! (One test in this binary: the allocator's count is process-wide.)
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use em_playground::models::ModelKind;
use em_playground::playground::{Playground, SLICE_BUDGET};

struct LiveBytes;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for LiveBytes {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: LiveBytes = LiveBytes;

#[test]
fn a_comparison_keeps_each_ks_responsibilities_once() {
    const N: usize = 5_000;
    const MAX: usize = 4;
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.set_component_count(3).unwrap();
    playground
        .synthesize(N, 1, &["1,1,1", "0,5,10", "1,1,1"])
        .unwrap();
    let before = LIVE.load(Ordering::SeqCst);
    playground.start_comparison(MAX, 1, 1).unwrap();
    while !playground.advance_comparison(SLICE_BUDGET).unwrap() {}
    let held = LIVE.load(Ordering::SeqCst) - before;
    // The responsibilities of K = 1 … 4, once: N × (1 + 2 + 3 + 4) numbers;
    // each kept fit also has its own copy of the data and their order (2 × N
    // numbers, and N 4-byte ranks), and half as much again leaves room for
    // histories and rows. Keeping the prepared E-steps too would add the
    // responsibilities again.
    let responsibilities = (N * (1..=MAX).sum::<usize>() * 8) as isize;
    let data = (MAX * N * (2 * 8 + 4)) as isize;
    let bound = responsibilities * 3 / 2 + data;
    assert!(
        (responsibilities..bound).contains(&held),
        "{held} B held; {responsibilities} B of responsibilities, at most {bound} B in all"
    );
}
