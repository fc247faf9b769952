//! Fingerprints of the master and of each reporting unit, stored in every bureau workbook so
//! that a workbook cut from an older master is recognised, and the changed units named.

use super::model::{Plan, ReportingUnit};

/// FNV-1a, 64 bit: stable across platforms and releases, which `std`'s hasher is not.
fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// A fingerprint of texts in order, telling ("ab", "c") from ("a", "bc").
pub fn texts_fingerprint<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = SEED;
    for t in texts {
        h = fnv1a(t.as_bytes(), h);
        h = fnv1a(b"\0", h);
    }
    hex(h)
}

impl ReportingUnit<'_> {
    /// Changes when anything a bureau sees about the unit changes: title, bureaus, texts,
    /// schedule, targets.
    pub fn fingerprint(&self) -> String {
        let mut h = SEED;
        h = fnv1a(self.item.id.to_string().as_bytes(), h);
        h = fnv1a(self.item.title.as_bytes(), h);
        h = fnv1a(self.title().as_bytes(), h);
        for b in self.bureaus() {
            h = fnv1a(b.as_str().as_bytes(), h);
            h = fnv1a(b"\0", h);
        }
        let text = serde_json::to_string(self.text()).unwrap_or_default();
        h = fnv1a(text.as_bytes(), h);
        hex(h)
    }
}

impl Plan {
    /// Changes when any unit, the list of units, or the evaluation scale changes.
    pub fn fingerprint(&self) -> String {
        let mut h = SEED;
        for u in self.units() {
            h = fnv1a(u.id().to_string().as_bytes(), h);
            h = fnv1a(u.fingerprint().as_bytes(), h);
        }
        for g in &self.settings.grades {
            h = fnv1a(g.symbol.as_bytes(), h);
            h = fnv1a(b"\0", h);
        }
        hex(h)
    }
}
