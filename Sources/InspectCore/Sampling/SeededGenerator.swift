/// A seeded pseudo-random number generator for reproducible sample draws (双随机, RULES.md §3):
/// xoshiro256** (Blackman & Vigna, 2018) with its state filled by SplitMix64 from one `UInt64`
/// seed, as the authors recommend.
///
/// Everything here is integer arithmetic with wrapping operators (plus one exact conversion to
/// `Double`), so the sequence is the same on every platform and with every Swift version. The
/// draws use only `next()`, `uniform(below:)`, `uniform(in:)` and `unitInterval()` defined
/// here, never the standard library's `shuffled()`, `randomElement()` or `next(upperBound:)`,
/// whose algorithms are not guaranteed to stay the same.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        s0 = SeededGenerator.splitMix64(&sm)
        s1 = SeededGenerator.splitMix64(&sm)
        s2 = SeededGenerator.splitMix64(&sm)
        s3 = SeededGenerator.splitMix64(&sm)
    }

    /// SplitMix64 (Steele, Lea & Flood): advances `state` and returns the next output.
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// xoshiro256**.
    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SeededGenerator.rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0 ..< n` (`n > 0`), without modulo bias: outputs below
    /// `2^64 mod n` are rejected and drawn again.
    public mutating func uniform(below n: UInt64) -> UInt64 {
        precondition(n > 0, "uniform(below: 0)")
        let threshold = (0 &- n) % n  // (2^64 - n) mod n == 2^64 mod n
        while true {
            let r = next()
            if r >= threshold { return r % n }
        }
    }

    /// A uniform index in `0 ..< n` (`n > 0`).
    public mutating func index(below n: Int) -> Int { Int(uniform(below: UInt64(n))) }

    /// A uniform integer in `range`.
    public mutating func uniform(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound)) &+ 1
        if span == 0 { return Int(Int64(bitPattern: next())) }  // the whole Int64 range
        return Int(Int64(range.lowerBound) &+ Int64(bitPattern: uniform(below: span)))
    }

    /// A uniform `Double` in `[0, 1)`: the top 53 bits of one output, scaled exactly.
    public mutating func unitInterval() -> Double { Double(next() >> 11) * 0x1p-53 }
}
