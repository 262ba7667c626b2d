//! Runtime CPU-feature dispatch for the hot loops. The default x86-64 build
//! may only assume SSE2; when the CPU running it has AVX2 and FMA, the
//! E-step is compiled a second time for them (four lanes instead of two, and
//! the exp polynomial's multiply-adds fused) and chosen at run time. Other
//! targets (wasm32 with SIMD128) run the portable version.

/// How `a·b + c` is computed inside a kernel.
pub(crate) trait MulAdd {
    fn mul_add(a: f64, b: f64, c: f64) -> f64;
}

/// A multiplication then an addition (two roundings): every CPU.
pub(crate) struct Separate;

impl MulAdd for Separate {
    #[inline(always)]
    fn mul_add(a: f64, b: f64, c: f64) -> f64 {
        a * b + c
    }
}

/// One fused multiply-add (one rounding). Only fast where FMA is enabled;
/// elsewhere `f64::mul_add` is a library call, so it is used only inside
/// [`dispatch`]'s AVX2 + FMA version.
#[cfg(any(target_arch = "x86_64", test))]
pub(crate) struct Fused;

#[cfg(any(target_arch = "x86_64", test))]
impl MulAdd for Fused {
    #[inline(always)]
    fn mul_add(a: f64, b: f64, c: f64) -> f64 {
        a.mul_add(b, c)
    }
}

/// A computation that can be compiled for either kind of multiply-add.
/// `run` must be `#[inline(always)]`, and so must what it calls in the hot
/// loop, so that the AVX2 + FMA copy inlines them with those features.
pub(crate) trait Kernel {
    type Output;
    fn run<A: MulAdd>(self) -> Self::Output;
}

/// Runs `kernel` with AVX2 and FMA when the CPU has them, portably otherwise.
#[inline]
pub(crate) fn dispatch<K: Kernel>(kernel: K) -> K::Output {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has just been checked to support both features.
        return unsafe { run_with_avx2_fma(kernel) };
    }
    kernel.run::<Separate>()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn run_with_avx2_fma<K: Kernel>(kernel: K) -> K::Output {
    kernel.run::<Fused>()
}
