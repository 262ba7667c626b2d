//! The observations in increasing order of value, both ways round.

/// The data's indices in increasing order of value (of x, then y, for
/// points), and each observation's place in that order, computed once per
/// data set (the responsibilities chart reads them on every redraw).
#[derive(Debug, Default, PartialEq)]
pub struct ValueOrder {
    indices: Vec<usize>,
    ranks: Vec<u32>,
}

impl ValueOrder {
    /// The order given by `indices`, a permutation of 0..N.
    pub(crate) fn new(mut indices: Vec<usize>) -> Self {
        // A sort's collected indices may sit in the larger buffer of its keys.
        indices.shrink_to_fit();
        let mut ranks = vec![0; indices.len()];
        for (rank, &i) in indices.iter().enumerate() {
            ranks[i] = rank as u32;
        }
        ValueOrder { indices, ranks }
    }

    /// The data's indices, smallest value first.
    pub fn indices(&self) -> &[usize] {
        &self.indices
    }

    /// `ranks()[i]`: how many observations come before observation i.
    pub fn ranks(&self) -> &[u32] {
        &self.ranks
    }

    /// The number of observations N.
    pub fn len(&self) -> usize {
        self.indices.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rank_is_the_place_of_its_observation_in_the_order() {
        let order = ValueOrder::new(vec![2, 0, 3, 1]);
        assert_eq!(order.ranks(), &[1, 3, 0, 2]);
        for (i, &rank) in order.ranks().iter().enumerate() {
            assert_eq!(order.indices()[rank as usize], i);
        }
    }
}
