//! The plane chart's gestures on the 2-D mixture: dragging a mean or an
//! ellipse's handle (a new start from the parameters shown), and adding,
//! moving and deleting points (data edits, each undoable).

use super::{axis_summaries, or_one, DataSource, Edit, Playground};
use crate::em::{CovarianceType, EmError, Field, Gaussian2Params, Symmetric2};
use crate::models;
use crate::random::SplitMix64;
use crate::session::SessionError;
use crate::session::{AxisHandle, Observations, HANDLE_SIGMAS};

impl Playground {
    /// Starts again from the parameters shown now (θ⁽ⁱ⁾) with component
    /// `k`'s mean moved to (x, y): dragging a mean on the plane chart.
    pub fn drag_mean(&mut self, k: usize, x: f64, y: f64) -> Result<(), SessionError> {
        self.restart_from_shown(k, |component| {
            component.mean = [x, y];
            Ok(())
        })
    }

    /// Starts again from the parameters shown now with component `k`'s
    /// ellipse handle (major or minor axis) dragged to (x, y): the axis turns
    /// to point there and its 2σ half-length becomes the distance, kept at
    /// least as long as the minor axis (major) or at most as the major (minor).
    pub fn drag_axis(
        &mut self,
        k: usize,
        handle: AxisHandle,
        x: f64,
        y: f64,
    ) -> Result<(), SessionError> {
        let shortest = 1e-3
            * models::spreads(self.setup().data.points())
                .into_iter()
                .fold(f64::INFINITY, f64::min);
        self.restart_from_shown(k, |component| {
            let (_, major, minor) = component.covariance.principal_axes();
            let (dx, dy) = (x - component.mean[0], y - component.mean[1]);
            let length = ((dx * dx + dy * dy).sqrt() / HANDLE_SIGMAS).max(shortest);
            let towards = dy.atan2(dx);
            component.covariance = match handle {
                AxisHandle::Major => Symmetric2::from_axes(towards, length.max(minor), minor),
                AxisHandle::Minor => Symmetric2::from_axes(
                    towards - std::f64::consts::FRAC_PI_2,
                    major,
                    length.min(major),
                ),
            };
            Ok(())
        })
    }

    /// Sets the start to θ⁽ⁱ⁾ with `change` applied to component `k`; for
    /// tied covariances the changed covariance becomes everyone's.
    fn restart_from_shown(
        &mut self,
        k: usize,
        change: impl FnOnce(&mut Gaussian2Params) -> Result<(), SessionError>,
    ) -> Result<(), SessionError> {
        let (weights, mut components) =
            models::PlaneStart::shown(&self.session.state_rows(0).params)
                .ok_or(SessionError::WrongModelParameters)?;
        let count = components.len();
        let component = components
            .get_mut(k)
            .ok_or(SessionError::NoSuchComponent { index: k, count })?;
        change(component)?;
        let changed = component.covariance;
        self.with_setup(|setup| {
            let plane = setup
                .start
                .plane()
                .ok_or(SessionError::WrongModelParameters)?;
            if plane.covariance_type == CovarianceType::Tied {
                for other in &mut components {
                    other.covariance = changed;
                }
            }
            plane.weights = weights;
            plane.components = components;
            Ok(())
        })
    }

    /// Adds `count` points around (x, y), keeping the start: one exactly
    /// there, more spread normally with 3 % of the data's range along each
    /// axis as σ, reproducibly from `seed`.
    pub fn add_points(
        &mut self,
        x: f64,
        y: f64,
        count: usize,
        seed: u64,
    ) -> Result<(), SessionError> {
        let [sx, sy] = axis_summaries(self.setup().data.points())
            .map(|axis| 0.03 * or_one(axis.max - axis.min));
        let mut rng = SplitMix64::new(seed);
        self.edit_points(Edit::Replace, |points| {
            if count == 1 {
                points.push([x, y]);
            } else {
                points.extend(
                    (0..count).map(|_| [x + sx * rng.next_normal(), y + sy * rng.next_normal()]),
                );
            }
            Ok(())
        })
    }

    /// Moves point `index` (0-based) to (x, y), keeping the start.
    pub fn move_point(&mut self, index: usize, x: f64, y: f64) -> Result<(), SessionError> {
        self.edit_points(Edit::Move(index), |points| {
            let count = points.len();
            *points
                .get_mut(index)
                .ok_or(SessionError::NoSuchPoint { index, count })? = [x, y];
            Ok(())
        })
    }

    /// Deletes point `index` (0-based), keeping the start.
    pub fn delete_point(&mut self, index: usize) -> Result<(), SessionError> {
        self.edit_points(Edit::Replace, |points| {
            let count = points.len();
            if index >= count {
                return Err(SessionError::NoSuchPoint { index, count });
            }
            points.remove(index);
            Ok(())
        })
    }

    /// Edits the 2-D points in place (the start stays), checking everything again.
    fn edit_points(
        &mut self,
        kind: Edit,
        edit: impl FnOnce(&mut Vec<[f64; 2]>) -> Result<(), SessionError>,
    ) -> Result<(), SessionError> {
        let Observations::Points(mut points) = self.setup().data.clone() else {
            return Err(SessionError::WrongModelParameters);
        };
        edit(&mut points)?;
        if points.iter().flatten().any(|v| !v.is_finite()) {
            return Err(SessionError::NotANumber {
                what: Field::Point,
                text: "NaN".into(),
            });
        }
        if points.is_empty() {
            return Err(EmError::EmptyData.into());
        }
        let before = self.setup().clone();
        self.with_setup(|setup| {
            setup.data = points.into();
            setup.source = DataSource::Custom;
            Ok(())
        })?;
        self.data_history.record(self.model(), before, kind);
        Ok(())
    }
}
