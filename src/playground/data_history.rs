//! Undo and redo of data edits (a preset, a file, a paste, synthetic data,
//! 2-D points added, moved or deleted), separate from EM's Back: each entry
//! is a model's whole set-up before the edit, so the preset's name, the
//! start and the data come back together.

use super::Setup;
use crate::session::ModelKind;

/// The most edits kept…
const MAX_EDITS: usize = 50;
/// …and the most observations they may hold together (a million-point data
/// set is 16 MB a copy).
const MAX_OBSERVATIONS: usize = 2_000_000;

/// What an edit was, so that one drag of a point is one step to undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edit {
    /// The data replaced, a point added or deleted.
    Replace,
    /// Point `index` moved (a drag moves it many times).
    Move(usize),
}

#[derive(Debug, Clone)]
struct Entry {
    model: ModelKind,
    setup: Setup,
}

/// The set-ups before each edit (to undo) and after each undo (to redo).
#[derive(Debug, Clone, Default)]
pub(super) struct DataHistory {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    last: Option<Edit>,
}

/// Takes the last entry of `from`, putting `current` on `to` in its place.
fn swap(
    from: &mut Vec<Entry>,
    to: &mut Vec<Entry>,
    (model, setup): (ModelKind, Setup),
) -> Option<(ModelKind, Setup)> {
    let entry = from.pop()?;
    to.push(Entry { model, setup });
    Some((entry.model, entry.setup))
}

impl DataHistory {
    /// Remembers `before`, the set-up an edit of kind `edit` has just replaced
    /// (a move of the point the last move moved is the same step).
    pub(super) fn record(&mut self, model: ModelKind, before: Setup, edit: Edit) {
        if matches!(edit, Edit::Move(_)) && self.last == Some(edit) {
            return;
        }
        self.last = Some(edit);
        self.redo.clear();
        self.undo.push(Entry {
            model,
            setup: before,
        });
        let size = |entries: &[Entry]| entries.iter().map(|e| e.setup.data.len()).sum::<usize>();
        while self.undo.len() > MAX_EDITS
            || (self.undo.len() > 1 && size(&self.undo) > MAX_OBSERVATIONS)
        {
            self.undo.remove(0);
        }
    }

    /// Forgets every edit: what the widget opened with is where undo stops.
    pub(super) fn clear(&mut self) {
        *self = DataHistory::default();
    }

    /// A drag or a run of edits ended: the next move is a step of its own.
    pub(super) fn end_edit(&mut self) {
        self.last = None;
    }

    /// The set-up to go back to, remembering `current` to redo.
    pub(super) fn undo(&mut self, current: (ModelKind, Setup)) -> Option<(ModelKind, Setup)> {
        self.last = None;
        swap(&mut self.undo, &mut self.redo, current)
    }

    /// The set-up an undo left, remembering `current` to undo again.
    pub(super) fn redo(&mut self, current: (ModelKind, Setup)) -> Option<(ModelKind, Setup)> {
        self.last = None;
        swap(&mut self.redo, &mut self.undo, current)
    }

    pub(super) fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub(super) fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use crate::playground::{DataSource, Playground};
    use crate::session::{ModelKind, Observations};

    fn preset(name: &str) -> DataSource {
        DataSource::Preset { name: name.into() }
    }

    #[test]
    fn undo_brings_back_the_data_and_their_preset_and_redo_takes_them_again() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Gmm).unwrap();
        playground.load_preset("faithful").unwrap();
        let faithful = playground.state();
        playground.set_data_text("1, 2, 3, 10, 11").unwrap();
        assert_eq!(playground.state().data_length, 5);
        assert_eq!(playground.data_history_state(), (true, false));
        assert!(playground.undo_data().unwrap());
        let back = playground.state();
        assert_eq!(
            (back.data_length, back.source.clone()),
            (272, preset("faithful"))
        );
        assert_eq!(
            back.fit.params, faithful.fit.params,
            "the start comes back too"
        );
        assert!(playground.redo_data().unwrap());
        assert_eq!(
            (playground.state().data_length, playground.state().source),
            (5, DataSource::Custom)
        );
        // Back to the widget's first data, then nothing more to undo.
        while playground.undo_data().unwrap() {}
        assert_eq!(playground.data_history_state(), (false, true));
        // A new edit forgets what could be redone.
        playground.set_data_text("4, 5, 6").unwrap();
        assert_eq!(playground.data_history_state(), (true, false));
    }

    #[test]
    fn one_drag_of_a_point_is_one_step_and_adds_and_deletes_are_steps() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Gmm2d).unwrap();
        let first = playground.state().fit.data.clone();
        for x in [1.0, 2.0, 3.0] {
            playground.move_point(0, x, 50.0).unwrap();
        }
        playground.end_data_edit();
        playground.move_point(0, 4.0, 60.0).unwrap();
        playground.add_points(3.0, 70.0, 1, 1).unwrap();
        playground.delete_point(1).unwrap();
        let points = |p: &Playground| match p.state().fit.data {
            Observations::Points(points) => points,
            other => panic!("{other:?}"),
        };
        assert!(playground.undo_data().unwrap()); // the delete
        assert!(playground.undo_data().unwrap()); // the add
        assert_eq!(points(&playground)[0], [4.0, 60.0]);
        assert!(playground.undo_data().unwrap()); // the second drag
        assert_eq!(points(&playground)[0], [3.0, 50.0]);
        assert!(playground.undo_data().unwrap()); // the whole first drag
        assert_eq!(playground.state().fit.data, first);
    }
}
