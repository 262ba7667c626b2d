//! Opening a data file and choosing its columns (see [`DataTable`]).

use std::sync::Arc;

use serde::Serialize;

use super::{DataSource, Playground};
use crate::data_file::{Column, DataTable, FileError, Separator};
use crate::session::SessionError;

/// The open file as the column chooser shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileView {
    pub name: String,
    pub rows: usize,
    pub separator: Separator,
    pub header: bool,
    pub columns: Vec<Column>,
    /// How many columns the current model reads (1, or 2 for points).
    pub wanted: usize,
    /// The columns (0-based) the data come from when they come from this
    /// file, else the first ones that hold only numbers.
    pub chosen: Vec<usize>,
    /// Whether the current data are this file's.
    pub in_use: bool,
}

impl Playground {
    /// Reads the file `name` with contents `text` and keeps it for its
    /// columns to be chosen; the data do not change yet.
    pub fn open_file(&mut self, name: &str, text: &str) -> Result<FileView, SessionError> {
        self.table = Some(Arc::new(DataTable::read(name, text)?));
        Ok(self.file_view().expect("a file is open"))
    }

    /// The open file, if any.
    pub fn file_view(&self) -> Option<FileView> {
        let table = self.table.as_deref()?;
        let wanted = self.setup().start.file_columns();
        let current = match &self.setup().source {
            DataSource::File { name, columns } if name == table.name() => columns
                .iter()
                .map(|column| table.find(column))
                .collect::<Result<Vec<usize>, FileError>>()
                .ok()
                .filter(|chosen| chosen.len() == wanted),
            _ => None,
        };
        Some(FileView {
            name: table.name().to_string(),
            rows: table.rows(),
            separator: table.separator(),
            header: table.has_header(),
            columns: table.columns().to_vec(),
            wanted,
            in_use: current.is_some(),
            chosen: current.unwrap_or_else(|| table.default_columns(wanted)),
        })
    }

    /// Replaces the data with the open file's columns `asked` (header names,
    /// or numbers from 1), as many as the model reads.
    pub fn use_columns(&mut self, asked: &[&str]) -> Result<(), SessionError> {
        let table = self.table.clone().ok_or(FileError::NoFile)?;
        let wanted = self.setup().start.file_columns();
        if asked.len() != wanted {
            return Err(FileError::ColumnCount {
                wanted,
                got: asked.len(),
            }
            .into());
        }
        let indices = asked
            .iter()
            .map(|asked| table.find(asked))
            .collect::<Result<Vec<usize>, FileError>>()?;
        let columns = indices
            .iter()
            .map(|&j| table.column(j))
            .collect::<Result<Vec<Vec<f64>>, FileError>>()?;
        let data = self.setup().start.observations_in_columns(columns);
        let source = DataSource::File {
            name: table.name().to_string(),
            columns: indices
                .iter()
                .map(|&j| table.columns()[j].name.clone())
                .collect(),
        };
        self.set_data(data, source, None)
    }

    /// Says the current data came from the file `name`'s `columns` (a link
    /// carries the data and these names).
    pub fn name_file_data(&mut self, name: &str, columns: Vec<String>) {
        let kind = self.model();
        let setup = &mut self.setups[Self::slot(kind)];
        setup.source = DataSource::File {
            name: crate::i18n::excerpt(name),
            columns,
        };
        setup.data_axes = super::data_axes_of(kind, &setup.source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{DataAxes, ModelKind, Observations};

    #[test]
    fn one_column_in_one_dimension_and_two_in_the_plane() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Gmm).unwrap();
        let view = playground
            .open_file("old_faithful.csv", crate::datasets::OLD_FAITHFUL_CSV)
            .unwrap();
        assert_eq!(
            (view.wanted, view.chosen.clone(), view.in_use),
            (1, vec![0], false)
        );
        playground.use_columns(&["eruptions"]).unwrap();
        let state = playground.state();
        assert_eq!(state.data_length, 272);
        assert_eq!(
            state.source,
            DataSource::File {
                name: "old_faithful.csv".into(),
                columns: vec!["eruptions".into()]
            }
        );
        assert!(playground.file_view().unwrap().in_use);

        playground.set_model(ModelKind::Gmm2d).unwrap();
        let view = playground.file_view().unwrap();
        assert_eq!(
            (view.wanted, view.chosen, view.in_use),
            (2, vec![0, 1], false)
        );
        playground.use_columns(&["2", "eruptions"]).unwrap();
        let Observations::Points(points) = playground.state().fit.data else {
            panic!("points")
        };
        assert_eq!((points.len(), points[0]), (272, [79.0, 3.6]));
        // The plane chart's axes are titled with the columns' names.
        let names = ["waiting".to_string(), "eruptions".to_string()];
        assert_eq!(playground.fit().data_axes, DataAxes::Columns(names.into()));
        assert_eq!(
            playground.use_columns(&["waiting"]).unwrap_err(),
            FileError::ColumnCount { wanted: 2, got: 1 }.into()
        );
    }

    #[test]
    fn a_refused_column_changes_nothing_and_undo_covers_files() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Poisson).unwrap();
        let before = playground.state();
        assert_eq!(
            playground.use_columns(&["1"]).unwrap_err(),
            FileError::NoFile.into()
        );
        playground
            .open_file("w.tsv", "day\tcount\tnote\nmon\t3\tx\ntue\t2.5\ty\n")
            .unwrap();
        // Not a count: the Poisson model refuses it, and names the observation.
        assert!(playground.use_columns(&["count"]).is_err());
        assert!(matches!(
            playground.use_columns(&["note"]).unwrap_err(),
            SessionError::File(FileError::NotANumber {
                line: 2,
                column: 3,
                ..
            })
        ));
        assert_eq!(playground.state(), before);
        playground.open_file("c.csv", "n\n1\n4\n0\n").unwrap();
        playground.use_columns(&["n"]).unwrap();
        assert_eq!(playground.state().data_length, 3);
        assert!(playground.undo_data().unwrap());
        assert_eq!(playground.state().source, before.source);
    }
}
