//! Reading observations from the text a student types or pastes.

use super::EmError;
use crate::i18n::excerpt;

/// Parses numbers separated by commas, semicolons, spaces, tabs or new lines;
/// `#` starts a comment that runs to the end of the line. Errors name the
/// offending token with its 1-based line and column (in characters).
pub fn parse_observations(text: &str) -> Result<Vec<f64>, EmError> {
    parse_items(text, parse_token)
}

/// Parses counts written `x` or `x/n` (x successes out of n trials),
/// separated as in [`parse_observations`]: (x, Some(n)) or (x, None).
pub fn parse_fractions(text: &str) -> Result<Vec<(f64, Option<f64>)>, EmError> {
    parse_items(text, |token, line, column| match token.split_once('/') {
        Some((x, n)) => Ok((
            parse_token(x, line, column)?,
            Some(parse_token(n, line, column + x.chars().count() + 1)?),
        )),
        None => Ok((parse_token(token, line, column)?, None)),
    })
}

/// Each token of `text` (separated as in [`parse_observations`]) read by
/// `parse` with its 1-based line and column.
fn parse_items<T>(
    text: &str,
    parse: impl Fn(&str, usize, usize) -> Result<T, EmError>,
) -> Result<Vec<T>, EmError> {
    let mut items = Vec::new();
    for (line_index, line) in text.lines().enumerate() {
        let content = line.split('#').next().unwrap_or("");
        // (byte offset, 1-based column in characters) of the token being read
        let mut token: Option<(usize, usize)> = None;
        let with_end = content
            .char_indices()
            .chain(std::iter::once((content.len(), ',')));
        for (column, (byte, c)) in with_end.enumerate() {
            let is_separator = c == ',' || c == ';' || c.is_whitespace();
            match (token, is_separator) {
                (None, false) => token = Some((byte, column + 1)),
                (Some((start, start_column)), true) => {
                    items.push(parse(&content[start..byte], line_index + 1, start_column)?);
                    token = None;
                }
                _ => {}
            }
        }
    }
    Ok(items)
}

fn parse_token(token: &str, line: usize, column: usize) -> Result<f64, EmError> {
    let value: f64 = token.parse().map_err(|_| EmError::Parse {
        token: excerpt(token),
        line,
        column,
    })?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(EmError::ParseNonFinite {
            token: excerpt(token),
            line,
            column,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_separator_and_comments() {
        let text = "# coin tosses\n1,1 0;1\t0\n\n  0 , 1 # last ones\n-2.5e1";
        assert_eq!(
            parse_observations(text).unwrap(),
            vec![1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, -25.0]
        );
    }

    #[test]
    fn reads_counts_with_and_without_their_trials() {
        assert_eq!(
            parse_fractions("5/10, 9 # two\n0/1").unwrap(),
            vec![(5.0, Some(10.0)), (9.0, None), (0.0, Some(1.0))]
        );
        // The column of a bad number of trials is where it starts.
        assert_eq!(
            parse_fractions("1, 5/x").unwrap_err(),
            EmError::Parse {
                token: "x".into(),
                line: 1,
                column: 6
            }
        );
    }

    #[test]
    fn empty_text_gives_no_observations() {
        assert_eq!(
            parse_observations(" ,, \n# nothing").unwrap(),
            Vec::<f64>::new()
        );
    }

    #[test]
    fn names_the_bad_token_and_where_it_is() {
        let error = parse_observations("1, 2\n3, abc, 5").unwrap_err();
        assert_eq!(
            error,
            EmError::Parse {
                token: "abc".into(),
                line: 2,
                column: 4
            }
        );
        assert!(error.to_string().contains("\"abc\" at line 2, column 4"));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let error = parse_observations("π, 1").unwrap_err();
        assert_eq!(
            error,
            EmError::Parse {
                token: "π".into(),
                line: 1,
                column: 1
            }
        );
        let error = parse_observations("σσ 2x").unwrap_err();
        assert!(matches!(error, EmError::Parse { column: 1, .. }));
        let error = parse_observations("1 σ2").unwrap_err();
        assert!(matches!(error, EmError::Parse { column: 3, .. }));
    }

    #[test]
    fn rejects_nan_and_infinity() {
        for token in ["NaN", "inf", "-infinity", "1e400"] {
            let error = parse_observations(&format!("1 {token}")).unwrap_err();
            assert!(
                matches!(error, EmError::ParseNonFinite { column: 3, .. }),
                "{token}: {error:?}"
            );
        }
    }
}
