//! The data sets the page offers as presets, compiled into the binary so the
//! page needs no extra download. Sources are in `www/data/README.md`.

/// Li Hang, Example 9.1: ten tosses of the three-coin experiment.
pub const COIN_TOSSES: [f64; 10] = [1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0];

/// Li Hang, Exercise 9.3: fifteen observations for a two-component Gaussian mixture.
pub const GAUSSIAN_EXERCISE: [f64; 15] = [
    -67.0, -48.0, 6.0, 8.0, 14.0, 16.0, 23.0, 24.0, 28.0, 29.0, 41.0, 49.0, 56.0, 60.0, 75.0,
];

/// `www/data/old_faithful.csv` as the page serves it (and a student may open it).
pub const OLD_FAITHFUL_CSV: &str = include_str!("../www/data/old_faithful.csv");
const GALAXIES_CSV: &str = include_str!("../www/data/galaxies.csv");
const HASSELBLAD_CSV: &str = include_str!("../www/data/hasselblad_deaths.csv");
const DO_BATZOGLOU_CSV: &str = include_str!("../www/data/do_batzoglou_coins.csv");

/// Old Faithful eruption durations in minutes (272 values).
pub fn old_faithful_eruptions() -> Vec<f64> {
    csv_column(OLD_FAITHFUL_CSV, 0)
}

/// Old Faithful waiting times to the next eruption in minutes (272 values).
pub fn old_faithful_waiting() -> Vec<f64> {
    csv_column(OLD_FAITHFUL_CSV, 1)
}

/// Old Faithful as points (eruption duration, waiting time), both in minutes.
pub fn old_faithful() -> Vec<[f64; 2]> {
    old_faithful_eruptions()
        .into_iter()
        .zip(old_faithful_waiting())
        .map(|(eruption, waiting)| [eruption, waiting])
        .collect()
}

/// Velocities of 82 galaxies in the Corona Borealis region, in 1000 km/s.
pub fn galaxy_velocities() -> Vec<f64> {
    csv_column(GALAXIES_CSV, 0)
        .into_iter()
        .map(|v| v / 1000.0)
        .collect()
}

/// Daily deaths of women aged 80 and over in London, 1910–1912 (Hasselblad
/// 1969): 1,096 counts.
pub fn hasselblad_deaths() -> Vec<f64> {
    csv_column(HASSELBLAD_CSV, 0)
}

/// Do & Batzoglou's five sets of tosses as (heads, tosses).
pub fn do_batzoglou_tosses() -> Vec<[f64; 2]> {
    csv_column(DO_BATZOGLOU_CSV, 0)
        .into_iter()
        .zip(csv_column(DO_BATZOGLOU_CSV, 1))
        .map(|(heads, tosses)| [heads, tosses])
        .collect()
}

/// Which coin (0 for A, 1 for B) each of Do & Batzoglou's sets was tossed with.
pub fn do_batzoglou_coins() -> Vec<usize> {
    DO_BATZOGLOU_CSV
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').nth(2))
        .map(|coin| usize::from(coin.trim() == "B"))
        .collect()
}

/// One numeric column of a bundled CSV file with a header line. The files are
/// part of the build, so a malformed cell is a bug caught by the tests below.
fn csv_column(csv: &str, column: usize) -> Vec<f64> {
    csv.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| line.split(',').nth(column)?.trim().parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_files_parse_completely() {
        let eruptions = old_faithful_eruptions();
        assert_eq!(eruptions.len(), 272);
        assert_eq!(old_faithful_waiting().len(), 272);
        let deaths = hasselblad_deaths();
        assert_eq!(deaths.len(), 1096);
        // Hasselblad's table: counts 0…9 occur 162, 267, 271, 185, 111, 61, 27, 8, 3, 1 times.
        let frequency = |d: f64| deaths.iter().filter(|&&x| x == d).count();
        assert_eq!((frequency(0.0), frequency(9.0)), (162, 1));
        assert_eq!(do_batzoglou_tosses()[1], [9.0, 10.0]);
        assert_eq!(do_batzoglou_coins(), [1, 0, 0, 1, 0]);
        assert_eq!(eruptions[0], 3.6);
        let galaxies = galaxy_velocities();
        assert_eq!(galaxies.len(), 82);
        assert_eq!(galaxies[0], 9.172);
        assert!(galaxies.iter().all(|v| (9.0..35.0).contains(v)));
    }
}
