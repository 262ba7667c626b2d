//! The E-step allocates nothing once its buffer has the right size.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use em_playground::em::{e_step, gaussian_mixture, Gaussian, Responsibilities};

struct CountingAllocator;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

#[test]
fn e_step_is_allocation_free_in_steady_state() {
    let data: Vec<f64> = (0..10_000)
        .map(|i| (i as f64 * 0.37).sin() * 10.0)
        .collect();
    let family = Gaussian::for_data(&data);
    let params =
        gaussian_mixture(&family, &[1.0; 5], &[-8.0, -4.0, 0.0, 4.0, 8.0], &[2.0; 5]).unwrap();
    let mut responsibilities = Responsibilities::new();
    let first = ALLOCATIONS.load(Ordering::SeqCst);
    e_step(&family, &params, &data, &mut responsibilities);
    assert!(
        ALLOCATIONS.load(Ordering::SeqCst) > first,
        "the first E-step sizes the buffer"
    );

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let summary = e_step(&family, &params, &data, &mut responsibilities);
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert!(summary.log_likelihood.is_finite());
    assert_eq!(after - before, 0, "the second E-step allocated");
}
