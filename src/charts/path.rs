//! Paths drawn with fewer points and the same pixels.

use plotters_backend::BackendCoord;

/// The points of a path after its start where it turns, and its end: a
/// point on the straight segment between the corners around it draws
/// nothing a line through it would not (a density's flat tail is hundreds of
/// pixel columns at one height), and each `lineTo` is a call to JavaScript.
pub struct Corners<I> {
    points: I,
    /// The last corner given out (or the start).
    corner: BackendCoord,
    /// The furthest point seen, not given out yet.
    pending: Option<BackendCoord>,
}

/// The corners of the path from `start` through `points`, and its end.
pub fn corners<I: IntoIterator<Item = BackendCoord>>(
    start: BackendCoord,
    points: I,
) -> Corners<I::IntoIter> {
    Corners {
        points: points.into_iter(),
        corner: start,
        pending: None,
    }
}

/// Whether `middle` lies on the segment from `from` on towards `to`, in
/// the same direction (so dropping it changes no pixel). Coordinates so far
/// apart that the products overflow count as a turn: kept, never wrong.
fn on_the_way(from: BackendCoord, middle: BackendCoord, to: BackendCoord) -> bool {
    let (ax, ay) = (
        i64::from(middle.0) - i64::from(from.0),
        i64::from(middle.1) - i64::from(from.1),
    );
    let (bx, by) = (
        i64::from(to.0) - i64::from(middle.0),
        i64::from(to.1) - i64::from(middle.1),
    );
    let cross = ax.checked_mul(by).zip(ay.checked_mul(bx));
    let dot = ax
        .checked_mul(bx)
        .zip(ay.checked_mul(by))
        .and_then(|(x, y)| x.checked_add(y));
    matches!((cross, dot), (Some((p, q)), Some(dot)) if p == q && dot >= 0)
}

impl<I: Iterator<Item = BackendCoord>> Iterator for Corners<I> {
    type Item = BackendCoord;

    fn next(&mut self) -> Option<BackendCoord> {
        for point in self.points.by_ref() {
            match self.pending.replace(point) {
                Some(middle) if !on_the_way(self.corner, middle, point) => {
                    self.corner = middle;
                    return Some(middle);
                }
                _ => {}
            }
        }
        self.pending.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(start: BackendCoord, points: &[BackendCoord]) -> Vec<BackendCoord> {
        corners(start, points.iter().copied()).collect()
    }

    #[test]
    fn a_flat_run_keeps_only_its_ends() {
        let tail: Vec<_> = (1..=100).map(|x| (x, 50)).collect();
        assert_eq!(drawn((0, 50), &tail), vec![(100, 50)]);
    }

    #[test]
    fn every_turn_is_kept() {
        // Up two columns at slope 1, then flat, then down: corners at (2, 2) and (4, 2).
        let points = [(1, 1), (2, 2), (3, 2), (4, 2), (5, 0), (6, -2)];
        assert_eq!(drawn((0, 0), &points), vec![(2, 2), (4, 2), (6, -2)]);
    }

    #[test]
    fn a_path_that_turns_back_on_itself_keeps_the_turn() {
        let points = [(5, 0), (2, 0)];
        assert_eq!(drawn((0, 0), &points), vec![(5, 0), (2, 0)]);
    }

    #[test]
    fn repeated_points_are_drawn_once() {
        let points = [(0, 0), (3, 4), (3, 4), (3, 9)];
        assert_eq!(drawn((0, 0), &points), vec![(3, 4), (3, 9)]);
    }

    #[test]
    fn a_lone_start_or_a_single_segment_is_kept_as_it_is() {
        assert_eq!(drawn((1, 1), &[]), vec![]);
        assert_eq!(drawn((1, 1), &[(7, -3)]), vec![(7, -3)]);
    }

    #[test]
    fn far_coordinates_do_not_overflow() {
        let far = i32::MAX;
        let points = [(far, far), (-far, far)];
        assert_eq!(drawn((-far, -far), &points), points.to_vec());
        // A turn whose products overflow 64 bits: kept.
        let points = [(far, -far), (far, far)];
        assert_eq!(drawn((-far, -far), &points), points.to_vec());
    }
}
