import Foundation
import InspectCore

/// Reads `grades.yaml` of a configuration directory (RULES.md §7): `scales`, `escalations` and
/// `risk` (keys in `config/README.md`). Every problem is reported with file, line and key, all of
/// them in one pass. No file means no grading: an empty configuration, not an error.
public enum GradeConfigLoader {
    public static let fileName = "grades.yaml"

    /// Loads `<directory>/grades.yaml`. With `deadlineRuleIDs` (the ids of the loaded deadline
    /// rules), every rule an escalation names must be one of them. Throws `ConfigErrors`.
    public static func load(directory: String, deadlineRuleIDs: Set<String>? = nil) throws -> GradeConfiguration {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return .empty }
        return try read(path: path, deadlineRuleIDs: deadlineRuleIDs)
    }

    /// Reads one grades file.
    public static func read(path: String, deadlineRuleIDs: Set<String>? = nil) throws -> GradeConfiguration {
        let root: YAMLValue
        do { root = try YAMLValue.parse(try ConfigurationLoader.readText(path), file: path) } catch let e as ConfigError { throw ConfigErrors([e]) }
        var errors: [ConfigError] = []
        var config = GradeConfiguration()
        let top: [String: YAMLValue]
        do { top = try root.mapping(allowed: ["scales", "escalations", "risk"]) } catch let e as ConfigError { throw ConfigErrors([e]) }

        func collect(_ body: () throws -> Void) {
            do { try body() } catch let e as ConfigError { errors.append(e) } catch { errors.append(root.error(.unexpected, "\(error)")) }
        }

        if let list = top["scales"] {
            collect {
                for node in try list.array() {
                    collect {
                        let s = try scale(node)
                        if config.scale(s.id) != nil { throw node.error(.scaleTwice, s.id) }
                        config.scales.append(s)
                    }
                }
            }
        }
        if let list = top["escalations"] {
            collect {
                for node in try list.array() {
                    collect {
                        let r = try escalation(node, scales: config.scales, deadlineRuleIDs: deadlineRuleIDs)
                        if config.escalations.contains(where: { $0.id == r.id }) { throw node.error(.escalationTwice, r.id) }
                        config.escalations.append(r)
                    }
                }
            }
        }
        if let node = top["risk"] {
            collect { config.risk = try risk(node, scales: config.scales, errors: &errors) }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return config
    }

    /// `m[key]`; missing, `missing` says so (with what the key holds), else "missing key 'KEY'".
    static func required(_ m: [String: YAMLValue], _ key: String, in node: YAMLValue, _ missing: ConfigProblem.Code? = nil) throws -> YAMLValue {
        guard let v = m[key] else { throw missing.map { node.error($0) } ?? node.error(.missingKey, key) }
        return v
    }

    static func id(_ node: YAMLValue) throws -> String {
        let id = try node.nonEmptyString()
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw node.error(.invalidID, id)
        }
        return id
    }

    static func kinds(_ node: YAMLValue) throws -> Set<String> {
        let list = try node.stringList()
        guard !list.isEmpty else { throw node.error(.noKinds) }
        for k in list where !EntityKind.isKnown(k) {
            throw node.error(.unknownEntityKindKnown, k, "\(EntityKind.known.keys.sorted().joined(separator: ", "))")
        }
        return Set(list)
    }

    static func scale(_ node: YAMLValue) throws -> GradeScale {
        let m = try node.mapping(allowed: ["id", "name", "source", "kinds", "levels", "per", "basis"])
        let id = try self.id(try required(m, "id", in: node))
        let levelsNode = try required(m, "levels", in: node, .missingLevels)
        var levels: [GradeScale.Level] = []
        for item in try levelsNode.array() {
            let level: GradeScale.Level
            if item.node.scalar != nil {
                level = .init(id: try item.nonEmptyString())
            } else {
                let l = try item.mapping(allowed: ["id", "label"])
                level = .init(id: try required(l, "id", in: item).nonEmptyString(), label: try l["label"]?.nonEmptyString())
            }
            if levels.contains(where: { $0.id == level.id }) { throw item.error(.levelTwice, level.id) }
            levels.append(level)
        }
        guard levels.count >= 2 else { throw levelsNode.error(.twoLevels) }
        let source = try required(m, "source", in: node).stringList()
        guard !source.isEmpty else { throw m["source"]!.error(.scaleSource) }
        return GradeScale(id: id, name: try required(m, "name", in: node).nonEmptyString(), source: source,
                          kinds: try kinds(try required(m, "kinds", in: node)), levels: levels,
                          per: try m["per"]?.oneOf(PeriodUnit.self), basis: try required(m, "basis", in: node).nonEmptyString())
    }

    static func conditions(_ node: YAMLValue?) throws -> [String: String] {
        guard let node else { return [:] }
        var result: [String: String] = [:]
        for (k, v) in try node.mapping(allowed: nil) { result[k] = try v.string() }
        return result
    }

    static func escalation(_ node: YAMLValue, scales: [GradeScale], deadlineRuleIDs: Set<String>?) throws -> EscalationRule {
        let m = try node.mapping(allowed: ["id", "title", "source", "enabled", "kinds", "scale", "to", "when", "reason", "measure", "notice", "basis"])
        let id = try self.id(try required(m, "id", in: node))
        let scaleNode = try required(m, "scale", in: node, .missingScale)
        let scaleID = try scaleNode.nonEmptyString()
        guard let scale = scales.first(where: { $0.id == scaleID }) else {
            throw scaleNode.error(.unknownScale, scaleID, "\(scales.map(\.id).joined(separator: ", "))")
        }
        func level(_ n: YAMLValue) throws -> String {
            let l = try n.nonEmptyString()
            guard scale.contains(l) else { throw n.error(.notALevel, l, scale.id, "\(scale.levels.map(\.id).joined(separator: ", "))") }
            return l
        }
        let target = try level(try required(m, "to", in: node, .missingTo))
        let kindsNode = try required(m, "kinds", in: node)
        let kinds = try self.kinds(kindsNode)
        for k in kinds where !scale.kinds.contains(k) {
            throw kindsNode.error(.kindNotGraded, k, scale.id, "\(scale.kinds.sorted().joined(separator: ", "))")
        }
        let whenNode = try required(m, "when", in: node, .missingWhen)
        var triggers: [EscalationTrigger] = []
        for t in try whenNode.array() {
            let tm = try t.mapping(allowed: ["deadline_overdue", "event", "consecutive_years"])
            guard tm.count == 1, let (type, body) = tm.first else { throw t.error(.oneTrigger) }
            switch type {
            case "deadline_overdue":
                let d = try body.mapping(allowed: ["rules", "extended", "ordered_at"])
                let rulesNode = try required(d, "rules", in: body, .missingRules)
                let rules = try rulesNode.stringList()
                guard !rules.isEmpty else { throw rulesNode.error(.noDeadlineRule) }
                if let known = deadlineRuleIDs {
                    for r in rules where !known.contains(r) { throw rulesNode.error(.notADeadlineRule, r) }
                }
                let orderedAt = try d["ordered_at"].map { n in Set(try n.array().map(level)) }
                triggers.append(.deadlineOverdue(.init(rules: Set(rules), extended: try d["extended"]?.bool(), orderedAt: orderedAt)))
            case "event":
                let e = try body.mapping(allowed: ["kind", "when"])
                triggers.append(.event(kind: try RuleFile.eventKind(try required(e, "kind", in: body)), when: try conditions(e["when"])))
            default:
                let e = try body.mapping(allowed: ["kind", "when", "years"])
                triggers.append(.consecutiveYears(kind: try RuleFile.eventKind(try required(e, "kind", in: body)), when: try conditions(e["when"]),
                                                  years: try required(e, "years", in: body).int(in: 2...10)))
            }
        }
        guard !triggers.isEmpty else { throw whenNode.error(.noTrigger) }
        let source = try required(m, "source", in: node).stringList()
        guard !source.isEmpty else { throw m["source"]!.error(.escalationSource) }
        return EscalationRule(id: id, title: try required(m, "title", in: node).nonEmptyString(), source: source,
                              enabled: try m["enabled"]?.bool() ?? true, kinds: kinds, scale: scale.id, target: target,
                              triggers: triggers, reason: try required(m, "reason", in: node).nonEmptyString(),
                              measure: try m["measure"]?.nonEmptyString(), notice: try m["notice"]?.nonEmptyString(),
                              basis: try required(m, "basis", in: node).nonEmptyString())
    }

    static func risk(_ node: YAMLValue, scales: [GradeScale], errors: inout [ConfigError]) throws -> RiskModel {
        let m = try node.mapping(allowed: ["signals", "thresholds"])
        var model = RiskModel()
        for item in try required(m, "signals", in: node).array() {
            do {
                let s = try item.mapping(allowed: ["id", "title", "weight"])
                let id = try self.id(try required(s, "id", in: item))
                if model.signals.contains(where: { $0.id == id }) { throw item.error(.signalTwice, id) }
                let w = try required(s, "weight", in: item, .missingWeight)
                guard let scalar = w.node.scalar, let weight = Int(scalar.string) else { throw w.error(.expectedPoints) }
                guard (1...1000).contains(weight) else { throw w.error(.weightRange, "\(weight)") }
                model.signals.append(.init(id: id, title: try required(s, "title", in: item).nonEmptyString(), weight: weight))
            } catch let e as ConfigError { errors.append(e) }
        }
        if let t = m["thresholds"] {
            for (scaleID, list) in try t.mapping(allowed: nil).sorted(by: { $0.key < $1.key }) {
                do {
                    guard let scale = scales.first(where: { $0.id == scaleID }) else {
                        throw list.error(.unknownScale, scaleID, "\(scales.map(\.id).joined(separator: ", "))")
                    }
                    var bands: [RiskModel.Threshold] = []
                    for item in try list.array() {
                        let b = try item.mapping(allowed: ["from", "level"])
                        let fromNode = try required(b, "from", in: item, .missingBandFrom)
                        let from = try fromNode.int(in: 0...1_000_000)
                        let levelNode = try required(b, "level", in: item)
                        let level = try levelNode.nonEmptyString()
                        guard let rank = scale.rank(of: level) else {
                            throw levelNode.error(.notALevel, level, scale.id, "\(scale.levels.map(\.id).joined(separator: ", "))")
                        }
                        if let last = bands.last {
                            guard from > last.from else { throw fromNode.error(.thresholdsRise, "\(from)", "\(last.from)") }
                            guard rank > scale.rank(of: last.level)! else {
                                throw levelNode.error(.worseLevel, level, last.level)
                            }
                        } else if from != 0 {
                            throw fromNode.error(.firstThreshold)
                        }
                        bands.append(.init(from: from, level: level))
                    }
                    guard !bands.isEmpty else { throw list.error(.noThreshold) }
                    model.thresholds[scaleID] = bands
                } catch let e as ConfigError { errors.append(e) }
            }
        }
        return model
    }
}
