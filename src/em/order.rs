//! Sorting with two instantiations of the standard sort for the whole crate.
//!
//! Each `sort_by` call with its own closure compiles a copy of the standard
//! sort (several KB of wasm each); every sort in the crate goes through these
//! two functions instead.

/// Sorts numbers into increasing order (`f64::total_cmp`: −0 before +0,
/// NaN last).
pub fn sort_numbers(values: &mut [f64]) {
    values.sort_unstable_by(f64::total_cmp);
}

/// The positions `0..keys.len()` in increasing order of their keys, compared
/// first by the first number, then by the second (`f64::total_cmp`); equal
/// keys keep their order, as a stable sort would.
pub fn order_by_keys(keys: impl IntoIterator<Item = [f64; 2]>) -> Vec<usize> {
    let mut keyed: Vec<([f64; 2], usize)> = keys
        .into_iter()
        .enumerate()
        .map(|(i, key)| (key, i))
        .collect();
    sort_keyed(&mut keyed);
    keyed.into_iter().map(|(_, i)| i).collect()
}

fn sort_keyed(keyed: &mut [([f64; 2], usize)]) {
    keyed.sort_unstable_by(|(a, i), (b, j)| {
        a[0].total_cmp(&b[0])
            .then(a[1].total_cmp(&b[1]))
            .then(i.cmp(j))
    });
}

/// `items` rearranged into the given order (a permutation of their positions).
pub fn permuted<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&i| slots[i].take().expect("order is a permutation"))
        .collect()
}

/// Orders by key, largest first, ties in their original order.
pub fn order_descending(keys: impl IntoIterator<Item = f64>) -> Vec<usize> {
    order_by_keys(keys.into_iter().map(|key| [-key, 0.0]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_like_total_cmp() {
        let mut values = vec![3.0, -0.0, f64::NAN, 0.0, -2.5, f64::INFINITY];
        sort_numbers(&mut values);
        assert_eq!(values[0], -2.5);
        assert!(values[1].is_sign_negative() && values[1] == 0.0);
        assert!(values[2].is_sign_positive() && values[2] == 0.0);
        assert_eq!(values[3], 3.0);
        assert_eq!(values[4], f64::INFINITY);
        assert!(values[5].is_nan());
    }

    #[test]
    fn keys_order_lexicographically_and_stably() {
        let keys = [[2.0, 1.0], [1.0, 5.0], [2.0, 0.0], [1.0, 5.0], [0.5, 9.0]];
        assert_eq!(order_by_keys(keys), vec![4, 1, 3, 2, 0]);
        assert_eq!(order_descending([1.0, 3.0, 1.0, 2.0]), vec![1, 3, 0, 2]);
    }

    #[test]
    fn permuted_follows_the_order() {
        let words = vec!["c", "a", "b"];
        assert_eq!(permuted(words, &[1, 2, 0]), vec!["a", "b", "c"]);
    }
}
