/// Binary search in sorted arrays: the pages of the lists (entity ids, the index's days).
extension Array where Element: Comparable {
    /// The index of `x` in this sorted array, if it is there.
    func binarySearch(_ x: Element) -> Int? {
        let i = lowerBound(x)
        return i < count && self[i] == x ? i : nil
    }

    /// The first index whose element is not less than `x` (sorted array).
    func lowerBound(_ x: Element) -> Int {
        var lo = 0, hi = count
        while lo < hi { let m = (lo + hi) / 2; if self[m] < x { lo = m + 1 } else { hi = m } }
        return lo
    }

    /// The first index whose element is greater than `x` (sorted array).
    func upperBound(_ x: Element) -> Int {
        var lo = 0, hi = count
        while lo < hi { let m = (lo + hi) / 2; if x < self[m] { hi = m } else { lo = m + 1 } }
        return lo
    }
}
