/// A period of time fixed by law or by a rule (期间): `30d` calendar days, `60wd` working days
/// (工作日), `2m` months, `1y` years, `24h` hours. How a period is counted from its trigger is
/// `WorkCalendar.add(_:to:)`, under 民法典 第二百零一—二百零三条 (RULES.md §8).
///
/// The text form (`description`, `init?(_:)`, and the `Codable` form) is `<N><unit>` with N a whole
/// number from 1 to 100 000 and unit one of `d`, `wd`, `m`, `y`, `h`.
public enum LegalPeriod: Hashable, Sendable, Codable, LosslessStringConvertible {
    /// Calendar days (日).
    case days(Int)
    /// Working days (工作日), per the State Council's holiday arrangements.
    case workingDays(Int)
    /// Months (月).
    case months(Int)
    /// Years (年).
    case years(Int)
    /// Hours (小时), counted from the trigger time exactly.
    case hours(Int)

    /// The largest N accepted from text (about 270 years of days).
    public static let maximumCount = 100_000

    /// Parses `30d`, `60wd`, `2m`, `1y`, `24h` (surrounding spaces allowed).
    public init?(_ description: String) {
        let t = description.trimmingASCIISpaces()
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        let unit = t.dropFirst(digits.count)
        guard !digits.isEmpty, digits.count <= 6, let n = Int(digits), n >= 1, n <= LegalPeriod.maximumCount else { return nil }
        switch unit {
        case "d": self = .days(n)
        case "wd": self = .workingDays(n)
        case "m": self = .months(n)
        case "y": self = .years(n)
        case "h": self = .hours(n)
        default: return nil
        }
    }

    /// The number of units.
    public var count: Int {
        switch self {
        case .days(let n), .workingDays(let n), .months(let n), .years(let n), .hours(let n): n
        }
    }

    /// The unit suffix: `d`, `wd`, `m`, `y`, `h`.
    public var unitSymbol: String {
        switch self {
        case .days: "d"
        case .workingDays: "wd"
        case .months: "m"
        case .years: "y"
        case .hours: "h"
        }
    }

    /// `30d`, `60wd`, `2m`, `1y`, `24h`.
    public var description: String { "\(count)\(unitSymbol)" }

    /// Whether the period's end depends on the working-day calendar (all but hours).
    public var dependsOnCalendar: Bool { if case .hours = self { false } else { true } }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let p = LegalPeriod(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(s)' is not a period (expected e.g. 30d, 60wd, 2m, 1y, 24h)")
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension StringProtocol {
    func trimmingASCIISpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return s
    }
}
