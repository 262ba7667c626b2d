//! Two-dimensional Gaussian components,
//! f(x | μ, Σ) = exp(−½ (x − μ)ᵀ Σ⁻¹ (x − μ)) / (2π √|Σ|),
//! with scikit-learn's four covariance types: full, diagonal, spherical, and
//! tied (one covariance shared by every component).

use serde::{Deserialize, Serialize};

use super::{check_observation, check_parameter, ComponentFamily, EmError, Field, MAX_MAGNITUDE};

/// The variance floor relative to the data's variance along each axis, as in
/// the 1-D model (scikit-learn's `reg_covar = 1e-6`, made unit-free).
pub const RELATIVE_VARIANCE_FLOOR_2D: f64 = 1e-6;

/// Relative difference below which two components count as the same.
const SAME_COMPONENT_TOLERANCE: f64 = 1e-9;

const LOG_TWO_PI: f64 = 1.837_877_066_409_345_5;

/// Which covariance matrices the M-step may return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CovarianceType {
    /// Any positive-definite Σₖ.
    #[default]
    Full,
    /// Σₖ diagonal: the axes are independent within a component.
    #[serde(rename = "diag")]
    Diagonal,
    /// Σₖ = σₖ² I: round components.
    Spherical,
    /// One full Σ shared by every component.
    Tied,
}

impl CovarianceType {
    /// Every type, in the order the page lists them.
    pub const ALL: [CovarianceType; 4] = [
        CovarianceType::Full,
        CovarianceType::Diagonal,
        CovarianceType::Spherical,
        CovarianceType::Tied,
    ];

    /// `full`, `diag`, `spherical` or `tied`, as the address and the API write it.
    pub fn name(self) -> &'static str {
        match self {
            CovarianceType::Full => "full",
            CovarianceType::Diagonal => "diag",
            CovarianceType::Spherical => "spherical",
            CovarianceType::Tied => "tied",
        }
    }

    /// Reads a [`name`](Self::name).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// A symmetric 2 × 2 matrix [[xx, xy], [xy, yy]].
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Symmetric2 {
    pub xx: f64,
    pub xy: f64,
    pub yy: f64,
}

impl Symmetric2 {
    /// The ellipse of Σ: the angle of its major axis from the x axis (radians)
    /// and the standard deviations along the major and minor axes, √ of Σ's
    /// eigenvalues λ = ½ tr Σ ± √(¼(Σ₁₁ − Σ₂₂)² + Σ₁₂²).
    pub fn principal_axes(self) -> (f64, f64, f64) {
        let half_trace = 0.5 * self.xx + 0.5 * self.yy;
        // hypot: squaring variances near 10²⁰⁰ would overflow.
        let radius = (0.5 * self.xx - 0.5 * self.yy).hypot(self.xy);
        // tan 2θ = 2Σ₁₂ / (Σ₁₁ − Σ₂₂)
        let angle = 0.5 * (2.0 * self.xy).atan2(self.xx - self.yy);
        let major = half_trace + radius;
        // λ₂ = det Σ / λ₁, scaled so nothing overflows and no digits cancel
        // (half_trace − radius loses the small eigenvalue of a long, thin ellipse).
        let minor = if major > 0.0 {
            ((self.xx / major) * self.yy - (self.xy / major) * self.xy).max(0.0)
        } else {
            0.0
        };
        (angle, major.sqrt(), minor.sqrt())
    }

    /// Σ = R diag(a², b²) Rᵀ with R the rotation by `angle`: the covariance
    /// whose ellipse has standard deviations a and b along those axes.
    pub fn from_axes(angle: f64, a: f64, b: f64) -> Self {
        let (sin, cos) = angle.sin_cos();
        let (a2, b2) = (a * a, b * b);
        Symmetric2 {
            xx: a2 * cos * cos + b2 * sin * sin,
            xy: (a2 - b2) * cos * sin,
            yy: a2 * sin * sin + b2 * cos * cos,
        }
    }

    /// The Cholesky factor L of Σ = LLᵀ as [L₁₁, L₂₁, L₂₂]: L₁₁ = √Σ₁₁,
    /// L₂₁ = Σ₁₂/L₁₁, L₂₂ = √(Σ₂₂ − L₂₁²) (Σ positive definite).
    pub fn cholesky(self) -> [f64; 3] {
        let l11 = self.xx.sqrt();
        let l21 = self.xy / l11;
        [l11, l21, (self.yy - l21 * l21).sqrt()]
    }

    fn scaled(self, factor: f64) -> Self {
        Symmetric2 {
            xx: self.xx * factor,
            xy: self.xy * factor,
            yy: self.yy * factor,
        }
    }

    fn plus(self, other: Self) -> Self {
        Symmetric2 {
            xx: self.xx + other.xx,
            xy: self.xy + other.xy,
            yy: self.yy + other.yy,
        }
    }

    fn determinant(self) -> f64 {
        self.xx * self.yy - self.xy * self.xy
    }

    /// Σ⁻¹ A Σ⁻¹ for Σ = self (positive definite).
    fn sandwich_inverse(self, a: Symmetric2) -> Symmetric2 {
        let det = self.determinant();
        // Σ⁻¹ = [[yy, −xy], [−xy, xx]] / det
        let (p, q, r) = (self.yy / det, -self.xy / det, self.xx / det);
        // M = Σ⁻¹ A
        let m = [
            [p * a.xx + q * a.xy, p * a.xy + q * a.yy],
            [q * a.xx + r * a.xy, q * a.xy + r * a.yy],
        ];
        Symmetric2 {
            xx: m[0][0] * p + m[0][1] * q,
            xy: m[0][0] * q + m[0][1] * r,
            yy: m[1][0] * q + m[1][1] * r,
        }
    }
}

/// Σₖ wₖ Σₖ / Σₖ wₖ: the components' covariances averaged with these weights.
fn pooled(components: &[Gaussian2Params], weights: &[f64]) -> Symmetric2 {
    let total: f64 = weights.iter().sum();
    components
        .iter()
        .zip(weights)
        .fold(Symmetric2::default(), |sum, (c, &w)| {
            sum.plus(c.covariance.scaled(w / total))
        })
}

/// Gives every component the one (tied) covariance.
fn share(components: &mut [Gaussian2Params], covariance: Symmetric2) {
    for component in components {
        component.covariance = covariance;
    }
}

/// A component's mean μ and covariance Σ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gaussian2Params {
    pub mean: [f64; 2],
    pub covariance: Symmetric2,
}

/// The 2-D Gaussian family with its covariance type and variance floor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaussian2 {
    covariance_type: CovarianceType,
    /// The floor along each axis (the data's variance there × 10⁻⁶).
    floor: [f64; 2],
}

/// μ, the Cholesky factor of Σ as 1/L₁₁, L₂₁, 1/L₂₂, and −log 2π − log |L|.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gaussian2Constants {
    mean: [f64; 2],
    inverse_l11: f64,
    l21: f64,
    inverse_l22: f64,
    log_normaliser: f64,
}

/// Σγ(x − c) and Σγ(x − c)(x − c)ᵀ around the previous mean c.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gaussian2Stats {
    sum: [f64; 2],
    xx: f64,
    xy: f64,
    yy: f64,
}

impl Gaussian2 {
    /// A family with the floor 10⁻⁶ × the data's variance along each axis
    /// (10⁻⁶ along an axis where all the data are equal).
    pub fn for_data(covariance_type: CovarianceType, data: &[[f64; 2]]) -> Self {
        let n = data.len().max(1) as f64;
        let floor = [0, 1].map(|axis| {
            let mean = data.iter().map(|x| x[axis]).sum::<f64>() / n;
            let variance = data.iter().map(|x| (x[axis] - mean).powi(2)).sum::<f64>() / n;
            let scale = if variance.is_finite() && variance > 0.0 {
                variance
            } else {
                1.0
            };
            RELATIVE_VARIANCE_FLOOR_2D * scale
        });
        Gaussian2 {
            covariance_type,
            floor,
        }
    }

    /// The covariance type the M-step keeps to.
    pub fn covariance_type(&self) -> CovarianceType {
        self.covariance_type
    }

    /// Makes starting components fit the covariance type, as the M-step's
    /// always do (EM climbs only within the model): diagonal drops the
    /// covariances, spherical averages the variances, tied gives every
    /// component the weighted average of the covariances.
    pub fn conform(&self, weights: &[f64], components: &mut [Gaussian2Params]) {
        for component in components.iter_mut() {
            component.covariance = self.shaped(component.covariance);
        }
        if self.covariance_type == CovarianceType::Tied {
            share(components, pooled(components, weights));
        }
    }

    /// Σ made to fit the covariance type: off-diagonal dropped (diagonal),
    /// or the variances averaged (spherical).
    fn shaped(&self, sigma: Symmetric2) -> Symmetric2 {
        match self.covariance_type {
            CovarianceType::Full | CovarianceType::Tied => sigma,
            CovarianceType::Diagonal => Symmetric2 { xy: 0.0, ..sigma },
            CovarianceType::Spherical => {
                let variance = 0.5 * (sigma.xx + sigma.yy);
                Symmetric2 {
                    xx: variance,
                    xy: 0.0,
                    yy: variance,
                }
            }
        }
    }

    /// The nearest Σ' ⪰ the floor: in coordinates scaled by √floor, the
    /// eigenvalues of Σ are raised to at least 1. Q is unimodal in each
    /// eigenvalue, so this is Q's maximum under the floor and EM stays monotone.
    fn floored(&self, sigma: Symmetric2) -> Symmetric2 {
        let [fx, fy] = self.floor;
        let (sx, sy) = (fx.sqrt(), fy.sqrt());
        // S = D⁻¹ Σ D⁻¹ with D = diag(√fx, √fy).
        let s = Symmetric2 {
            xx: sigma.xx / fx,
            xy: sigma.xy / (sx * sy),
            yy: sigma.yy / fy,
        };
        let half_trace = 0.5 * (s.xx + s.yy);
        let radius = (0.5 * (s.xx - s.yy)).hypot(s.xy);
        let (high, low) = (half_trace + radius, half_trace - radius);
        if low >= 1.0 {
            return sigma;
        }
        let clamped = if s.xy == 0.0 {
            Symmetric2 {
                xx: s.xx.max(1.0),
                xy: 0.0,
                yy: s.yy.max(1.0),
            }
        } else {
            // Unit eigenvector of the larger eigenvalue: (high − yy, xy).
            let (vx, vy) = (high - s.yy, s.xy);
            // hypot: with a tiny xy, vx·vx + vy·vy can underflow to 0 (0/0 below).
            let norm = vx.hypot(vy);
            let (ux, uy) = (vx / norm, vy / norm);
            let (a, b) = (high.max(1.0), low.max(1.0));
            // a·uuᵀ + b·(I − uuᵀ)
            Symmetric2 {
                xx: b + (a - b) * ux * ux,
                xy: (a - b) * ux * uy,
                yy: b + (a - b) * uy * uy,
            }
        };
        Symmetric2 {
            xx: clamped.xx * fx,
            xy: clamped.xy * sx * sy,
            yy: clamped.yy * fy,
        }
    }
}

impl ComponentFamily for Gaussian2 {
    type Observation = [f64; 2];
    type Params = Gaussian2Params;
    type Prepared = Gaussian2Constants;
    type Stats = Gaussian2Stats;

    fn validate_observation(&self, index: usize, x: [f64; 2]) -> Result<(), EmError> {
        x.into_iter()
            .try_for_each(|value| check_observation(index, value))
    }

    fn validate_params(&self, component: usize, params: &Gaussian2Params) -> Result<(), EmError> {
        let [x, y] = params.mean;
        check_parameter(Field::MeanX(component), x, MAX_MAGNITUDE)?;
        check_parameter(Field::MeanY(component), y, MAX_MAGNITUDE)?;
        let Symmetric2 { xx, xy, yy } = params.covariance;
        for value in [xx, xy, yy] {
            let name = Field::Covariance(component);
            check_parameter(name, value, MAX_MAGNITUDE * MAX_MAGNITUDE)?;
        }
        let Symmetric2 { xx, xy, yy } = params.covariance;
        let positive_definite = [xx, xy, yy].iter().all(|v| v.is_finite())
            && xx > 0.0
            && yy > 0.0
            && params.covariance.determinant() > f64::MIN_POSITIVE * xx * yy * 1e6;
        if positive_definite {
            Ok(())
        } else {
            Err(EmError::CovarianceNotPositiveDefinite {
                component,
                xx,
                xy,
                yy,
            })
        }
    }

    /// Σ = LLᵀ, the Cholesky factor ([`Symmetric2::cholesky`]).
    fn prepare(&self, params: &Gaussian2Params) -> Gaussian2Constants {
        let [l11, l21, l22] = params.covariance.cholesky();
        Gaussian2Constants {
            mean: params.mean,
            inverse_l11: 1.0 / l11,
            l21,
            inverse_l22: 1.0 / l22,
            log_normaliser: -LOG_TWO_PI - l11.ln() - l22.ln(),
        }
    }

    /// log f = −log 2π − log |L| − ½|z|², z = L⁻¹(x − μ) by forward substitution.
    fn log_density(c: &Gaussian2Constants, x: [f64; 2]) -> f64 {
        let z1 = (x[0] - c.mean[0]) * c.inverse_l11;
        let z2 = (x[1] - c.mean[1] - c.l21 * z1) * c.inverse_l22;
        c.log_normaliser - 0.5 * (z1 * z1 + z2 * z2)
    }

    fn accumulate(
        stats: &mut Gaussian2Stats,
        previous: &Gaussian2Params,
        x: [f64; 2],
        weight: f64,
    ) {
        let (dx, dy) = (x[0] - previous.mean[0], x[1] - previous.mean[1]);
        stats.sum[0] += weight * dx;
        stats.sum[1] += weight * dy;
        stats.xx += weight * dx * dx;
        stats.xy += weight * dx * dy;
        stats.yy += weight * dy * dy;
    }

    /// μₖ = c + Σγ(x − c)/Nₖ; Σₖ = Σγ(x − c)(x − c)ᵀ/Nₖ − (μₖ − c)(μₖ − c)ᵀ,
    /// shaped to the covariance type and raised to the floor (tied
    /// covariances are pooled afterwards, in `finish_m_step`).
    fn estimate(
        &self,
        stats: &Gaussian2Stats,
        total_weight: f64,
        previous: &Gaussian2Params,
    ) -> Gaussian2Params {
        let shift = [stats.sum[0] / total_weight, stats.sum[1] / total_weight];
        let scatter = Symmetric2 {
            xx: stats.xx / total_weight - shift[0] * shift[0],
            xy: stats.xy / total_weight - shift[0] * shift[1],
            yy: stats.yy / total_weight - shift[1] * shift[1],
        };
        let covariance = match self.covariance_type {
            CovarianceType::Tied => scatter,
            _ => self.floored(self.shaped(scatter)),
        };
        Gaussian2Params {
            mean: [previous.mean[0] + shift[0], previous.mean[1] + shift[1]],
            covariance,
        }
    }

    /// Tied: Σ = Σₖ Nₖ Σₖ / N, the pooled within-component scatter, floored.
    fn finish_m_step(&self, components: &mut [Gaussian2Params], totals: &[f64]) {
        if self.covariance_type != CovarianceType::Tied {
            return;
        }
        let floored = self.floored(pooled(components, totals));
        share(components, floored);
    }

    /// With statistics around μ (S₁ = Σγ(x − μ), S₂ = Σγ(x − μ)(x − μ)ᵀ):
    /// ∂/∂μ = Σ⁻¹S₁ and ∂/∂Σ = ½ Σ⁻¹(S₂ − NₖΣ)Σ⁻¹; the step is shaped to the
    /// covariance type and raised to the floor.
    fn gradient_step(
        &self,
        params: &Gaussian2Params,
        stats: &Gaussian2Stats,
        total_weight: f64,
        rate: f64,
    ) -> Gaussian2Params {
        let sigma = params.covariance;
        let det = sigma.determinant();
        let [s1, s2] = stats.sum;
        let mean_gradient = [
            (sigma.yy * s1 - sigma.xy * s2) / det,
            (-sigma.xy * s1 + sigma.xx * s2) / det,
        ];
        let scatter = Symmetric2 {
            xx: stats.xx,
            xy: stats.xy,
            yy: stats.yy,
        };
        let gradient = sigma
            .sandwich_inverse(scatter.plus(sigma.scaled(-total_weight)))
            .scaled(0.5);
        let stepped = sigma.plus(gradient.scaled(rate));
        let covariance = match self.covariance_type {
            CovarianceType::Tied => stepped,
            _ => self.floored(self.shaped(stepped)),
        };
        Gaussian2Params {
            mean: [
                params.mean[0] + rate * mean_gradient[0],
                params.mean[1] + rate * mean_gradient[1],
            ],
            covariance,
        }
    }

    /// Tied: the shared Σ moves by the sum of the components' gradients,
    /// Σ + η Σₖ Gₖ = Σₖ (Σ + η Gₖ) − (K − 1) Σ.
    fn finish_gradient_step(&self, before: &[Gaussian2Params], after: &mut [Gaussian2Params]) {
        if self.covariance_type != CovarianceType::Tied || before.is_empty() {
            return;
        }
        let shared = before[0].covariance;
        let others = -((after.len() - 1) as f64);
        let sum = after
            .iter()
            .fold(shared.scaled(others), |sum, c| sum.plus(c.covariance));
        share(after, self.floored(sum));
    }

    /// Means and covariances within a relative 10⁻⁹.
    fn nearly_equal(&self, a: &Gaussian2Params, b: &Gaussian2Params) -> bool {
        let scale = |x: f64, y: f64| SAME_COMPONENT_TOLERANCE * x.abs().max(y.abs()).max(1e-300);
        let (ca, cb) = (a.covariance, b.covariance);
        (a.mean[0] - b.mean[0]).abs() <= scale(ca.xx, cb.xx).sqrt().max(scale(ca.xx, cb.xx))
            && (a.mean[1] - b.mean[1]).abs() <= scale(ca.yy, cb.yy).sqrt().max(scale(ca.yy, cb.yy))
            && (ca.xx - cb.xx).abs() <= scale(ca.xx, cb.xx)
            && (ca.xy - cb.xy).abs() <= scale(ca.xx.max(ca.yy), cb.xx.max(cb.yy))
            && (ca.yy - cb.yy).abs() <= scale(ca.yy, cb.yy)
    }

    /// Σ within twice the floor along some direction: collapsed onto a point or a line.
    fn is_degenerate(&self, params: &Gaussian2Params) -> bool {
        let doubled = Gaussian2 {
            floor: self.floor.map(|f| 2.0 * f),
            ..*self
        };
        doubled.floored(params.covariance) != params.covariance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(mean: [f64; 2], xx: f64, xy: f64, yy: f64) -> Gaussian2Params {
        Gaussian2Params {
            mean,
            covariance: Symmetric2 { xx, xy, yy },
        }
    }

    #[test]
    fn log_density_matches_the_closed_form() {
        let family = Gaussian2::for_data(CovarianceType::Full, &[[0.0, 0.0], [1.0, 1.0]]);
        let theta = params([1.0, -2.0], 4.0, 1.2, 2.0);
        let prepared = family.prepare(&theta);
        let x = [2.5, 0.5];
        // By hand: det = 8 − 1.44 = 6.56, Σ⁻¹ = [[2, −1.2], [−1.2, 4]]/6.56,
        // d = (1.5, 2.5): dᵀΣ⁻¹d = (2·2.25 − 2·1.2·3.75 + 4·6.25)/6.56 = 20.5/6.56.
        let expected = -(2.0 * std::f64::consts::PI).ln() - 0.5 * 6.56f64.ln() - 0.5 * 20.5 / 6.56;
        assert!((Gaussian2::log_density(&prepared, x) - expected).abs() < 1e-14);
    }

    #[test]
    fn principal_axes_are_the_eigenvectors_and_rebuild_the_matrix() {
        // [[2, 1], [1, 2]] has eigenvalues 3 along (1, 1) and 1 along (1, −1).
        let sigma = Symmetric2 {
            xx: 2.0,
            xy: 1.0,
            yy: 2.0,
        };
        let (angle, a, b) = sigma.principal_axes();
        assert!((angle - std::f64::consts::FRAC_PI_4).abs() < 1e-15);
        assert!((a - 3f64.sqrt()).abs() < 1e-15 && (b - 1.0).abs() < 1e-15);
        let rebuilt = Symmetric2::from_axes(angle, a, b);
        for (got, want) in [(rebuilt.xx, 2.0), (rebuilt.xy, 1.0), (rebuilt.yy, 2.0)] {
            assert!((got - want).abs() < 1e-14, "{rebuilt:?}");
        }
        // A tall diagonal matrix: the major axis is vertical.
        let (angle, a, b) = Symmetric2 {
            xx: 1.0,
            xy: 0.0,
            yy: 4.0,
        }
        .principal_axes();
        assert!((angle.abs() - std::f64::consts::FRAC_PI_2).abs() < 1e-15);
        assert_eq!((a, b), (2.0, 1.0));
        // Variances at the limit, 10²⁰⁰: finite axes.
        let (_, a, b) = Symmetric2 {
            xx: 1e200,
            xy: 0.0,
            yy: 4.0,
        }
        .principal_axes();
        assert!(
            (a / 1e100 - 1.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12,
            "{a} {b}"
        );
    }

    #[test]
    fn a_covariance_that_is_not_positive_definite_is_refused_with_advice() {
        let family = Gaussian2::for_data(CovarianceType::Full, &[[0.0, 0.0], [1.0, 1.0]]);
        assert!(family
            .validate_params(0, &params([0.0, 0.0], 1.0, 0.5, 1.0))
            .is_ok());
        let error = family
            .validate_params(1, &params([0.0, 0.0], 1.0, 2.0, 1.0))
            .unwrap_err();
        assert!(matches!(
            error,
            EmError::CovarianceNotPositiveDefinite { component: 1, .. }
        ));
        assert!(error.to_string().contains("component 2"));
        assert!(family
            .validate_params(0, &params([0.0, f64::NAN], 1.0, 0.0, 1.0))
            .is_err());
    }

    #[test]
    fn the_floor_raises_only_the_small_eigenvalue() {
        let family = Gaussian2 {
            covariance_type: CovarianceType::Full,
            floor: [1.0, 1.0],
        };
        // Eigenvalues 3 and 0.5 along (1, 1)/√2 and (1, −1)/√2.
        let sigma = Symmetric2 {
            xx: 1.75,
            xy: 1.25,
            yy: 1.75,
        };
        let floored = family.floored(sigma);
        // 3·uuᵀ + 1·(I − uuᵀ) with u = (1, 1)/√2: [[2, 1], [1, 2]].
        assert!((floored.xx - 2.0).abs() < 1e-12 && (floored.xy - 1.0).abs() < 1e-12);
        let wide = Symmetric2 {
            xx: 5.0,
            xy: 1.0,
            yy: 4.0,
        };
        assert_eq!(
            family.floored(wide),
            wide,
            "above the floor nothing changes"
        );
    }

    #[test]
    fn a_tiny_covariance_is_floored_to_finite_numbers() {
        // Found by proptest: a component collapsed onto one point had xy so
        // small that xy² underflowed, and the eigenvector's norm was 0.
        let family = Gaussian2 {
            covariance_type: CovarianceType::Full,
            floor: [1.0, 1.0],
        };
        let sigma = Symmetric2 {
            xx: 0.25,
            xy: 1e-170,
            yy: 0.5,
        };
        // Both eigenvalues (0.5 and 0.25, to within 10⁻³⁴⁰) are raised to 1.
        let floored = family.floored(sigma);
        assert_eq!((floored.xx, floored.yy), (1.0, 1.0));
        assert!(floored.xy.abs() < 1e-300);
    }

    #[test]
    fn a_gradient_step_follows_central_differences() {
        use crate::em::{e_step, GradientAscent, MixtureParams, Responsibilities};
        let data = [[0.0, 0.0], [2.0, 1.0], [4.0, 5.0], [6.0, 2.0], [1.0, 3.0]];
        let family = Gaussian2::for_data(CovarianceType::Full, &data);
        let base = [
            params([1.0, 1.0], 2.0, 0.5, 1.5),
            params([5.0, 3.0], 1.0, -0.3, 2.0),
        ];
        let log_l = |components: [Gaussian2Params; 2]| {
            let mixture = MixtureParams::new(&family, vec![0.4, 0.6], components.to_vec()).unwrap();
            e_step(&family, &mixture, &data, &mut Responsibilities::new()).log_likelihood
                / data.len() as f64
        };
        let start = MixtureParams::new(&family, vec![0.4, 0.6], base.to_vec()).unwrap();
        let rate = 1e-4;
        let mut ascent = GradientAscent::new(&family, start, &data, rate).unwrap();
        ascent.extend_to(&family, &data, 1);
        let next = ascent.path()[1].params.components()[1];
        let h = 1e-6;
        // Component 2's mean x, covariance xx and xy (xy moves both off-diagonal entries).
        let nudged = |change: &dyn Fn(&mut Gaussian2Params, f64)| {
            let (mut up, mut down) = (base, base);
            change(&mut up[1], h);
            change(&mut down[1], -h);
            (log_l(up) - log_l(down)) / (2.0 * h)
        };
        let checks = [
            (
                nudged(&|c, d| c.mean[0] += d),
                next.mean[0] - base[1].mean[0],
            ),
            (
                nudged(&|c, d| c.covariance.xx += d),
                next.covariance.xx - base[1].covariance.xx,
            ),
            // ∂/∂Σ₁₂ of a symmetric matrix counts both entries: twice the matrix gradient.
            (
                nudged(&|c, d| c.covariance.xy += d),
                2.0 * (next.covariance.xy - base[1].covariance.xy),
            ),
        ];
        for (numeric, displacement) in checks {
            assert!(
                (displacement / rate - numeric).abs() <= 1e-5 * numeric.abs().max(1e-3),
                "{} vs {numeric}",
                displacement / rate
            );
        }
    }

    #[test]
    fn the_covariance_types_shape_the_estimate() {
        let data = [[0.0, 0.0], [2.0, 1.0], [4.0, 5.0], [6.0, 2.0]];
        let estimate = |kind| {
            let family = Gaussian2::for_data(kind, &data);
            let start = params([1.0, 1.0], 1.0, 0.0, 1.0);
            let mut stats = Gaussian2Stats::default();
            for x in data {
                Gaussian2::accumulate(&mut stats, &start, x, 1.0);
            }
            family.estimate(&stats, 4.0, &start)
        };
        // By hand: mean (3, 2); variances 5 and 3.5; covariance (6 + 1 + 3 + 0)/4 = 2.5.
        let full = estimate(CovarianceType::Full);
        assert_eq!(full.mean, [3.0, 2.0]);
        let c = full.covariance;
        assert!(
            (c.xx - 5.0).abs() < 1e-12 && (c.xy - 2.5).abs() < 1e-12 && (c.yy - 3.5).abs() < 1e-12
        );
        assert_eq!(estimate(CovarianceType::Diagonal).covariance.xy, 0.0);
        let round = estimate(CovarianceType::Spherical).covariance;
        assert_eq!((round.xx, round.xy, round.yy), (4.25, 0.0, 4.25));
    }
}
