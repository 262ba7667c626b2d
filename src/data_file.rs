//! A data file a student opens: CSV, TSV, semicolon- or whitespace-separated
//! text, with or without a header row. The file is read once to find its
//! separator, header, columns and which columns hold only numbers; a column
//! is read out when chosen. Every refusal names the line and column to fix.

use std::borrow::Cow;

use serde::Serialize;

use crate::i18n::{excerpt, Language, Localized};

/// The most data rows a file may have.
pub const MAX_ROWS: usize = 1_000_000;
/// The most bytes a file may have (a million rows of a few columns).
pub const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// What separates a file's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Separator {
    Comma,
    /// Semicolons, where a comma may be the decimal mark (`3,6;79`).
    Semicolon,
    Tab,
    /// Runs of spaces or tabs.
    Whitespace,
}

impl Separator {
    /// Guessed from the first row: a tab, else a semicolon, else a comma,
    /// else spaces.
    fn guess(first_row: &str) -> Self {
        if first_row.contains('\t') {
            Separator::Tab
        } else if first_row.contains(';') {
            Separator::Semicolon
        } else if first_row.contains(',') {
            Separator::Comma
        } else {
            Separator::Whitespace
        }
    }

    /// The cells of `line`, trimmed and unquoted (`"a ""b"""` is `a "b"`).
    fn cells(self, line: &str) -> Vec<Cow<'_, str>> {
        let delimiter = match self {
            Separator::Whitespace => {
                return line.split_whitespace().map(unquoted).collect();
            }
            Separator::Comma => ',',
            Separator::Semicolon => ';',
            Separator::Tab => '\t',
        };
        if !line.contains('"') {
            return line
                .split(delimiter)
                .map(|cell| Cow::Borrowed(cell.trim()))
                .collect();
        }
        let mut cells = Vec::new();
        let (mut cell, mut quoted) = (String::new(), false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' if quoted => quoted = false,
                '"' if cell.trim().is_empty() => {
                    quoted = true;
                    cell.clear();
                }
                c if c == delimiter && !quoted => cells.push(std::mem::take(&mut cell)),
                c => cell.push(c),
            }
        }
        cells.push(cell);
        cells
            .into_iter()
            .map(|c| Cow::Owned(c.trim().to_string()))
            .collect()
    }

    /// Reads one cell as a number (in a semicolon file, `3,6` as 3.6).
    fn number(self, cell: &str) -> Option<f64> {
        let value = match cell.parse::<f64>() {
            Ok(value) => value,
            Err(_) if self == Separator::Semicolon && cell.matches(',').count() == 1 => {
                cell.replace(',', ".").parse().ok()?
            }
            Err(_) => return None,
        };
        value.is_finite().then_some(value)
    }
}

fn unquoted(cell: &str) -> Cow<'_, str> {
    Cow::Borrowed(
        cell.strip_prefix('"')
            .and_then(|c| c.strip_suffix('"'))
            .unwrap_or(cell),
    )
}

/// Why a file cannot be read, or a column used.
#[derive(Debug, Clone, PartialEq)]
pub enum FileError {
    /// More bytes than [`MAX_FILE_BYTES`].
    TooLarge { name: String, megabytes: f64 },
    /// No row holds data.
    Empty { name: String },
    /// More data rows than [`MAX_ROWS`].
    TooManyRows { max: usize },
    /// A row with a different number of cells than the first.
    Ragged {
        line: usize,
        cells: usize,
        expected: usize,
    },
    /// A cell of a chosen column that is not a finite number.
    NotANumber {
        line: usize,
        column: usize,
        name: String,
        cell: String,
    },
    /// A column asked for by a name the header does not have, or a number beyond the last.
    NoColumn { asked: String, count: usize },
    /// Too few or too many columns for the model.
    ColumnCount { wanted: usize, got: usize },
    /// Columns chosen with no file open.
    NoFile,
    /// A link made from a file whose data were too many to go in it.
    NotInLink { name: String },
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.localized(Language::English))
    }
}

impl Localized for FileError {
    fn localized(&self, language: Language) -> String {
        let english = language == Language::English;
        match self {
            FileError::TooLarge { name, megabytes } if english => format!(
                "{name} is {megabytes:.0} MB; files up to {} MB open here. Keep the columns you need, or a sample of the rows.",
                MAX_FILE_BYTES / 1048576.0
            ),
            FileError::TooLarge { name, megabytes } => format!(
                "{name} 有 {megabytes:.0} MB；这里只能打开 {} MB 以内的文件。请只保留需要的列，或抽取部分行。",
                MAX_FILE_BYTES / 1048576.0
            ),
            FileError::Empty { name } if english => {
                format!("{name} has no rows of data; open a CSV, TSV or text file with one observation a row.")
            }
            FileError::Empty { name } => {
                format!("{name} 中没有数据行；请打开每行一个观测的 CSV、TSV 或文本文件。")
            }
            FileError::TooManyRows { max } if english => {
                format!("The file has more than {max} rows of data; open a sample of at most {max}.")
            }
            FileError::TooManyRows { max } => {
                format!("文件的数据行超过 {max} 行；请打开不超过 {max} 行的样本。")
            }
            FileError::Ragged {
                line,
                cells,
                expected,
            } if english => format!(
                "Line {line} has {cells} cells but the first row has {expected}; every row needs the same columns (an empty cell still needs its separator)."
            ),
            FileError::Ragged {
                line,
                cells,
                expected,
            } => format!(
                "第 {line} 行有 {cells} 个单元格，而第一行有 {expected} 个；每行的列数必须相同（空单元格也要保留分隔符）。"
            ),
            FileError::NotANumber {
                line,
                column,
                name,
                cell,
            } if english => format!(
                "Line {line}, column {column} (\"{name}\"): {} is not a number; correct it or choose another column.",
                if cell.is_empty() { "the empty cell".to_string() } else { format!("\"{cell}\"") }
            ),
            FileError::NotANumber {
                line,
                column,
                name,
                cell,
            } => format!(
                "第 {line} 行第 {column} 列（“{name}”）：{}不是数；请修改它或选择其他列。",
                if cell.is_empty() { "空单元格".to_string() } else { format!("“{cell}”") }
            ),
            FileError::NoColumn { asked, count } if english => format!(
                "The file has no column \"{asked}\"; name one from its header or number one from 1 to {count}."
            ),
            FileError::NoColumn { asked, count } => {
                format!("文件中没有“{asked}”列；请用表头中的列名，或 1 到 {count} 的列号。")
            }
            FileError::ColumnCount { wanted, got } if english => format!(
                "This model takes {wanted} column{} of the file, not {got}.",
                if *wanted == 1 { "" } else { "s" }
            ),
            FileError::ColumnCount { wanted, got } => {
                format!("此模型需要文件中的 {wanted} 列，而不是 {got} 列。")
            }
            FileError::NoFile if english => "Open a data file first.".into(),
            FileError::NoFile => "请先打开数据文件。".into(),
            FileError::NotInLink { name } if english => format!(
                "this link was made from the file {name}, whose data were too many for a link: open {name} again (Data, Open a file)."
            ),
            FileError::NotInLink { name } => format!(
                "此链接来自文件 {name}，其数据太多，无法放入链接：请再次打开 {name}（数据 → 打开文件）。"
            ),
        }
    }
}

/// One column of a file, as the chooser lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Its header cell, or its number from 1 when the file has no header
    /// (or that cell is empty).
    pub name: String,
    /// Whether every cell is a number.
    pub numeric: bool,
}

/// A data file, read and checked, waiting for its columns to be chosen.
#[derive(Debug, Clone)]
pub struct DataTable {
    name: String,
    separator: Separator,
    /// Whether the first row names the columns.
    header: bool,
    columns: Vec<Column>,
    /// The file's text, kept to read a column out when chosen.
    text: String,
    /// Each data row: its 1-based line number and where it is in `text`.
    rows: Vec<Row>,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    line: u32,
    start: u32,
    end: u32,
}

impl DataTable {
    /// Reads `text`, the contents of the file `name`. Blank lines and lines
    /// starting with `#` are skipped; the first row is a header when one of
    /// its cells is not a number.
    pub fn read(name: &str, text: &str) -> Result<Self, FileError> {
        let name = excerpt(name);
        // Spreadsheets often start a UTF-8 file with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let base = text.as_ptr() as usize;
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
            .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
        let Some((first_line, first)) = lines.next() else {
            return Err(FileError::Empty { name });
        };
        let separator = Separator::guess(first);
        let first_cells = separator.cells(first);
        let header = first_cells
            .iter()
            .any(|cell| !cell.is_empty() && separator.number(cell).is_none());
        let expected = first_cells.len();
        let mut numeric = vec![true; expected];
        let mut rows = Vec::new();
        let data_lines = std::iter::once((first_line, first))
            .filter(|_| !header)
            .chain(lines);
        for (line, row) in data_lines {
            if rows.len() == MAX_ROWS {
                return Err(FileError::TooManyRows { max: MAX_ROWS });
            }
            let cells = separator.cells(row);
            if cells.len() != expected {
                return Err(FileError::Ragged {
                    line,
                    cells: cells.len(),
                    expected,
                });
            }
            for (is_number, cell) in numeric.iter_mut().zip(&cells) {
                *is_number = *is_number && separator.number(cell).is_some();
            }
            let start = row.as_ptr() as usize - base;
            rows.push(Row {
                line: line as u32,
                start: start as u32,
                end: (start + row.len()) as u32,
            });
        }
        if rows.is_empty() {
            return Err(FileError::Empty { name });
        }
        let columns = first_cells
            .iter()
            .zip(numeric)
            .enumerate()
            .map(|(j, (cell, numeric))| Column {
                name: if header && !cell.is_empty() {
                    excerpt(cell)
                } else {
                    (j + 1).to_string()
                },
                numeric,
            })
            .collect();
        Ok(DataTable {
            name,
            separator,
            header,
            columns,
            text: text.to_string(),
            rows,
        })
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The number of data rows.
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    pub fn separator(&self) -> Separator {
        self.separator
    }

    pub fn has_header(&self) -> bool {
        self.header
    }

    /// The 0-based index of the column `asked` names: a header name (a name
    /// longer than messages quote may be given whole or as quoted), else a
    /// number from 1.
    pub fn find(&self, asked: &str) -> Result<usize, FileError> {
        let asked = asked.trim();
        let quoted = excerpt(asked);
        self.columns
            .iter()
            .position(|column| column.name == asked)
            .or_else(|| self.columns.iter().position(|column| column.name == quoted))
            .or_else(|| {
                asked
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| (1..=self.columns.len()).contains(&n))
                    .map(|n| n - 1)
            })
            .ok_or_else(|| FileError::NoColumn {
                asked: excerpt(asked),
                count: self.columns.len(),
            })
    }

    /// The first `count` columns that hold only numbers (or the first ones).
    pub fn default_columns(&self, count: usize) -> Vec<usize> {
        let all = 0..self.columns.len();
        let (numeric, others): (Vec<usize>, Vec<usize>) =
            all.partition(|&j| self.columns[j].numeric);
        numeric.into_iter().chain(others).take(count).collect()
    }

    /// Column `j`'s numbers, or the first cell that is not one.
    pub fn column(&self, j: usize) -> Result<Vec<f64>, FileError> {
        self.rows
            .iter()
            .map(|row| {
                let cells = self
                    .separator
                    .cells(&self.text[row.start as usize..row.end as usize]);
                self.separator
                    .number(&cells[j])
                    .ok_or_else(|| FileError::NotANumber {
                        line: row.line as usize,
                        column: j + 1,
                        name: self.columns[j].name.clone(),
                        cell: excerpt(&cells[j]),
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_old_faithful_with_its_header() {
        let table = DataTable::read("old_faithful.csv", crate::datasets::OLD_FAITHFUL_CSV).unwrap();
        assert_eq!(table.separator(), Separator::Comma);
        assert!(table.has_header());
        assert_eq!(table.rows(), 272);
        let names: Vec<&str> = table.columns().iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["eruptions", "waiting"]);
        let eruptions = table.column(table.find("eruptions").unwrap()).unwrap();
        assert_eq!((eruptions[0], eruptions[271]), (3.6, 4.467));
        assert_eq!(table.find("2").unwrap(), 1);
    }

    #[test]
    fn reads_every_separator_with_and_without_a_header() {
        for (text, separator) in [
            ("a\tb\n1\t2\n3\t4\n", Separator::Tab),
            ("a;b\n1,5;2\n3;4\n", Separator::Semicolon),
            ("a b\n1   2\n 3 4 \n", Separator::Whitespace),
            ("\"a\",\"b\"\r\n1,2\r\n3,4\r\n", Separator::Comma),
        ] {
            let table = DataTable::read("t", text).unwrap();
            assert_eq!(table.separator(), separator, "{text:?}");
            assert_eq!(table.columns()[1].name, "b", "{text:?}");
            assert_eq!(table.column(1).unwrap(), [2.0, 4.0], "{text:?}");
        }
        // The semicolon file's decimal comma.
        let table = DataTable::read("t", "a;b\n1,5;2\n").unwrap();
        assert_eq!(table.column(0).unwrap(), [1.5]);
        // No header: the columns are numbered, and the first row is data.
        let table = DataTable::read("t", "# comment\n\n1,2\n3,4\n").unwrap();
        assert!(!table.has_header());
        assert_eq!(table.rows(), 2);
        assert_eq!(table.columns()[0].name, "1");
        assert_eq!(table.find("2").unwrap(), 1);
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_name() {
        let table = DataTable::read("t", "\u{feff}x,y\n1,2\n").unwrap();
        assert_eq!(table.find("x").unwrap(), 0);
        assert_eq!(table.column(1).unwrap(), [2.0]);
    }

    #[test]
    fn quotes_may_hold_separators_and_quotes() {
        let table = DataTable::read("t", "\"x, in cm\",\"say \"\"hi\"\"\"\n1,2\n").unwrap();
        assert_eq!(table.columns()[0].name, "x, in cm");
        assert_eq!(table.columns()[1].name, "say \"hi\"");
    }

    #[test]
    fn a_row_name_column_is_numbered_and_text_columns_are_marked() {
        let table =
            DataTable::read("t", "\"\",\"day\",\"x\"\n\"1\",mon,2.5\n\"2\",tue,3\n").unwrap();
        let names: Vec<&str> = table.columns().iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["1", "day", "x"]);
        assert!(!table.columns()[1].numeric);
        assert_eq!(table.default_columns(2), [0, 2]);
        assert_eq!(table.default_columns(1), [0]);
    }

    #[test]
    fn a_bad_cell_is_named_by_line_and_column() {
        let table = DataTable::read("t", "a,b\n1,2\n\n3,x7\n").unwrap();
        assert_eq!(table.column(0).unwrap(), [1.0, 3.0]);
        assert_eq!(
            table.column(1).unwrap_err(),
            FileError::NotANumber {
                line: 4,
                column: 2,
                name: "b".into(),
                cell: "x7".into()
            }
        );
        let message = table.column(1).unwrap_err().to_string();
        assert!(message.contains("Line 4, column 2 (\"b\")"), "{message}");
        let empty = DataTable::read("t", "a,b\n1,\n")
            .unwrap()
            .column(1)
            .unwrap_err();
        assert!(empty.localized(Language::Chinese).contains("空单元格"));
    }

    #[test]
    fn refuses_ragged_empty_and_unknown() {
        assert_eq!(
            DataTable::read("t", "a,b\n1,2\n3\n").unwrap_err(),
            FileError::Ragged {
                line: 3,
                cells: 1,
                expected: 2
            }
        );
        assert!(matches!(
            DataTable::read("t", "\n# x\n").unwrap_err(),
            FileError::Empty { .. }
        ));
        assert!(matches!(
            DataTable::read("t", "a,b\n").unwrap_err(),
            FileError::Empty { .. }
        ));
        let table = DataTable::read("t", "a,b\n1,2\n").unwrap();
        assert_eq!(
            table.find("c").unwrap_err(),
            FileError::NoColumn {
                asked: "c".into(),
                count: 2
            }
        );
        assert!(table.find("3").is_err() && table.find("0").is_err());
    }

    #[test]
    fn a_long_header_name_is_found_whole_or_as_quoted() {
        let long = "waiting time until the next eruption (minutes)";
        let table = DataTable::read("t", &format!("eruptions,{long}\n3.6,79\n")).unwrap();
        let shown = &table.columns[1].name;
        assert!(shown.ends_with('…') && shown.chars().count() < long.chars().count());
        assert_eq!(table.find(long).unwrap(), 1);
        assert_eq!(table.find(shown).unwrap(), 1);
        assert!(table.find("waiting time").is_err());
    }

    #[test]
    fn refuses_more_rows_than_the_limit() {
        let text = "1\n".repeat(MAX_ROWS + 1);
        assert_eq!(
            DataTable::read("t", &text).unwrap_err(),
            FileError::TooManyRows { max: MAX_ROWS }
        );
        assert_eq!(DataTable::read("t", &text[2..]).unwrap().rows(), MAX_ROWS);
    }
}
