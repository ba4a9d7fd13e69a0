/// A weighted-signal risk score that proposes a grade (issue 5; RULES.md §7 off-site indicators).
/// Each signal is a count the daemon computes from its state (overdue rectifications, findings by
/// severity, complaints, missed filings, obstructions, breached off-site indicators); the score is
/// Σ count × weight, and per scale a list of thresholds maps the score to a level. Weights and
/// thresholds are data (`config/grades.yaml`, `risk:`). Integer points, so that the contributions
/// add up to the score exactly.
public struct RiskModel: Hashable, Sendable {
    public struct Signal: Hashable, Sendable {
        /// E.g. `overdue-rectifications`.
        public var id: String
        public var title: String
        /// Points per occurrence (> 0).
        public var weight: Int

        public init(id: String, title: String, weight: Int) { self.id = id; self.title = title; self.weight = weight }
    }

    /// A score from `from` (inclusive) up to the next threshold proposes `level`.
    public struct Threshold: Hashable, Sendable {
        public var from: Int
        public var level: String

        public init(from: Int, level: String) { self.from = from; self.level = level }
    }

    public var signals: [Signal]
    /// Scale id → thresholds, ascending `from` (the first is 0), levels best → worst.
    public var thresholds: [String: [Threshold]]

    public init(signals: [Signal] = [], thresholds: [String: [Threshold]] = [:]) { self.signals = signals; self.thresholds = thresholds }

    public static let empty = RiskModel()

    /// The signal ids the shipped model uses; the daemon supplies a count for each.
    public enum SignalID {
        public static let overdueRectifications = "overdue-rectifications"
        public static let seriousFindings = "serious-findings"
        public static let findings = "findings"
        public static let complaints = "complaints"
        public static let missedFilings = "missed-filings"
        public static let obstructions = "obstructions"
        public static let offsiteBreaches = "offsite-breaches"
    }

    /// One signal's share of the score.
    public struct Contribution: Hashable, Sendable {
        public var signal: String
        public var title: String
        public var count: Int
        public var weight: Int
        /// Saturating: no count of occurrences can overflow the score (weights are 1…1000 from
        /// the loader; the model itself may be built with any).
        public var points: Int {
            let (p, overflow) = count.multipliedReportingOverflow(by: weight)
            return overflow ? (weight < 0 ? Int.min : Int.max) : p
        }
    }

    /// The score of one entity, with each signal's contribution and the level it proposes.
    public struct Assessment: Hashable, Sendable {
        public var scale: String?
        public var score: Int
        /// Every configured signal, in configuration order (count 0 included).
        public var contributions: [Contribution]
        /// The proposed level on `scale`; `nil` when the scale has no thresholds.
        public var proposed: String?
        /// The threshold band that proposed it.
        public var band: Threshold?
        /// Counts given for signals the model does not know (ignored), sorted.
        public var ignored: [String]

        /// Lines for `inspectctl grade explain`: one per signal, then the total and the proposal.
        public var explanation: [String] {
            var lines = contributions.map { "\($0.signal) \($0.title): \($0.count) × \($0.weight) = \($0.points)" }
            lines.append("score: \(score)")
            if let proposed, let band, let scale { lines.append("proposed \(scale) grade: \(proposed) (score ≥ \(band.from))") }
            if !ignored.isEmpty { lines.append("ignored (unknown signals): \(ignored.joined(separator: ", "))") }
            return lines
        }
    }

    /// The score for `counts` (signal id → occurrences; negative counts count as 0) and the level
    /// it proposes on `scale`.
    public func assess(_ counts: [String: Int], scale: String?) -> Assessment {
        let contributions = signals.map { Contribution(signal: $0.id, title: $0.title, count: max(0, counts[$0.id] ?? 0), weight: $0.weight) }
        let score = contributions.reduce(0) { sum, c in
            let (s, overflow) = sum.addingReportingOverflow(c.points)
            return overflow ? (c.points > 0 ? Int.max : Int.min) : s
        }
        let band = scale.flatMap { thresholds[$0] }?.last { $0.from <= score }
        let known = Set(signals.map(\.id))
        return Assessment(scale: scale, score: score, contributions: contributions, proposed: band?.level, band: band,
                          ignored: counts.keys.filter { !known.contains($0) }.sorted())
    }

    /// The level a score proposes on `scale`, if the scale has thresholds.
    public func level(forScore score: Int, scale: String) -> String? {
        thresholds[scale]?.last { $0.from <= score }?.level
    }
}
