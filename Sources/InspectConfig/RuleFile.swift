import InspectCore

/// Reads one `rules/*.yaml` file: a top-level `rules:` list. Each rule has the common keys and
/// exactly one of `cadence`, `interval`, `cap`, `sample`, `procedure`, `follow_up`, which decides
/// its type. The keys are documented in `config/README.md`.
enum RuleFile {
    static let commonKeys: Set<String> = ["id", "title", "source", "enabled", "actor", "subject", "action", "counts", "remind", "basis", "notice"]
    static let typeKeys: [String] = ["cadence", "interval", "cap", "sample", "procedure", "follow_up", "deadline"]

    /// The rules in the file, each with the line it starts on.
    static func read(path: String, into rules: inout RuleSet) throws -> [(id: String, line: Int?)] {
        let root = try YAMLValue.parse(try ConfigurationLoader.readText(path), file: path)
        let top = try root.mapping(allowed: ["rules"])
        guard let list = top["rules"] else { throw root.error(.missingKey, "rules") }
        var ids: [(String, Int?)] = []
        for node in try list.array() {
            ids.append((try rule(node, into: &rules), node.line))
        }
        return ids
    }

    /// Parses one rule into `rules`; returns its id.
    static func rule(_ node: YAMLValue, into rules: inout RuleSet) throws -> String {
        let m = try node.mapping(allowed: commonKeys.union(typeKeys))
        func required(_ key: String) throws -> YAMLValue {
            guard let v = m[key] else { throw node.error(.missingKey, key) }
            return v
        }
        let id = try required("id").nonEmptyString()
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw m["id"]!.error(.invalidRuleID, id)
        }
        let types = typeKeys.filter { m[$0] != nil }
        guard types.count == 1, let type = types.first else {
            throw types.isEmpty ? node.error(.ruleNeedsType, id, typeKeys.joined(separator: ", "))
                                : node.error(.ruleHasTypes, id, types.joined(separator: ", "))

        }
        let title = try required("title").nonEmptyString()
        let source = try required("source").stringList()
        guard !source.isEmpty else { throw m["source"]!.error(.ruleSource) }
        let basis = try required("basis").nonEmptyString()
        let enabled = try m["enabled"]?.bool() ?? true
        let remind = try m["remind"].map(leadTimes) ?? []
        let body = m[type]!
        var template: String?
        if let n = m["notice"] {
            template = try n.nonEmptyString()
            let unknown = NoticeTemplate.unknownPlaceholders(in: template!)
            guard unknown.isEmpty else {
                throw n.error(.unknownPlaceholder, "\(unknown.map { "{\($0)}" }.joined(separator: ", "))", "\(NoticeTemplate.placeholders.sorted().map { "{\($0)}" }.joined(separator: ", "))")
            }
            guard ["cadence", "interval", "follow_up", "sample", "deadline"].contains(type) else { throw n.error(.noticeWithoutObligation) }
        }
        defer {
            if let template {
                if type == "follow_up", !rules.followUps.isEmpty { rules.followUps[rules.followUps.count - 1].noticeTemplate = template }
                else if type == "sample", !rules.samplings.isEmpty { rules.samplings[rules.samplings.count - 1].noticeTemplate = template }
                else if !rules.cadences.isEmpty, type == "cadence" || type == "interval" { rules.cadences[rules.cadences.count - 1].noticeTemplate = template }
                else if type == "deadline", !rules.deadlines.isEmpty { rules.deadlines[rules.deadlines.count - 1].noticeTemplate = template }
            }
        }

        switch type {
        case "procedure":
            let p = try body.mapping(allowed: ["min_inspectors", "kinds", "subject_kinds", "notice_days_before", "unannounced_kinds"])
            guard let k = p["kinds"] else { throw body.error(.missingKey, "kinds") }
            var rule = ProcedureRule(id: id, title: title, source: source, enabled: enabled,
                                     kinds: Set(try factKinds(k)), minInspectors: try p["min_inspectors"]?.int(in: 1...20) ?? 1, basis: basis)
            if let sk = p["subject_kinds"] {
                let kinds = try sk.stringList()
                for kind in kinds where !EntityKind.isKnown(kind) { throw sk.error(.unknownEntityKind, kind) }
                rule.subjectKinds = Set(kinds)
            }
            rule.noticeDaysBefore = try p["notice_days_before"]?.int(in: 1...90)
            rule.unannouncedKinds = Set(try p["unannounced_kinds"].map(factKinds) ?? [])
            guard p["min_inspectors"] != nil || rule.noticeDaysBefore != nil else { throw body.error(.procedureNeeds) }
            rules.procedures.append(rule)
            return id
        case "cap":
            let c = try body.mapping(allowed: ["at_most", "per", "exception"])
            guard let n = c["at_most"] else { throw body.error(.missingKey, "at_most") }
            guard let per = c["per"] else { throw body.error(.missingKey, "per") }
            guard let ex = c["exception"] else { throw body.error(.missingException) }
            rules.caps.append(CapRule(id: id, title: title, source: source, enabled: enabled, subject: try subject(try required("subject")),
                                      counts: Set(try factKinds(try required("counts"))), atMost: try n.int(in: 0...1000),
                                      per: try per.oneOf(PeriodUnit.self), exception: try ex.nonEmptyString(), basis: basis))
            return id
        case "deadline":
            let d = try body.mapping(allowed: ["starts", "when", "requires", "within", "urgent_within", "met_by", "extension", "lapses"])
            guard let starts = d["starts"] else { throw body.error(.missingStarts) }
            guard let within = d["within"] else { throw body.error(.missingWithin) }
            guard let metBy = d["met_by"] else { throw body.error(.missingMetBy) }
            let startKind = try eventKind(starts)
            var conditions: [String: String] = [:]
            if let w = d["when"] { for (k, v) in try w.mapping(allowed: nil) { conditions[k] = try v.string() } }
            let length: DeadlineLength
            if within.node.scalar != nil, try within.string().hasPrefix("set") {
                let text = try within.string()
                let rest = text.dropFirst(3).trimmingCharacters(in: .whitespaces)
                if rest.isEmpty { length = .setOnEvent(atMost: nil) }
                else if rest.hasPrefix("≤") || rest.hasPrefix("<="), let p = LegalPeriod(rest.drop { "≤<= ".contains($0) }.trimmingCharacters(in: .whitespaces)) {
                    length = .setOnEvent(atMost: p)
                } else { throw within.error(.notSetWithin, text) }
            } else {
                length = .period(try period(within))
            }
            var ext: DeadlineExtension?
            if let e = d["extension"] {
                let m = try e.mapping(allowed: ["by", "at_most", "max", "request_before", "approval"])
                ext = DeadlineExtension(by: try m["by"].map(period), atMost: try m["at_most"].map(period), max: try m["max"]?.int(in: 1...10) ?? 1,
                                        requestBefore: try m["request_before"].map(period), approval: try m["approval"]?.bool() ?? false)
                if ext!.by == nil && ext!.atMost == nil { throw e.error(.extensionNeeds) }
            }
            rules.deadlines.append(DeadlineRule(
                id: id, title: title, source: source, enabled: enabled, starts: startKind, when: conditions,
                requires: try d["requires"].map { node in try node.stringList().map { k in guard LifecycleEventKind.all.contains(k) else { throw node.error(.unknownEventKind, k) }; return k } } ?? [],
                within: length, urgentWithin: try d["urgent_within"].map(period),
                metBy: try metBy.stringList().map { k in guard LifecycleEventKind.all.contains(k) else { throw metBy.error(.unknownEventKind, k) }; return k },
                extension_: ext, lapses: try d["lapses"]?.bool() ?? false, remind: remind, basis: basis))
            return id
        default: break
        }

        let actor = try self.actor(try required("actor"))
        let subject = try self.subject(try required("subject"))
        let action = try required("action").nonEmptyString()
        let counts = Set(try factKinds(try required("counts")))

        switch type {
        case "cadence":
            let c = try body.mapping(allowed: ["at_least", "at_most", "per", "due_before"])
            guard let atLeast = c["at_least"] else { throw body.error(.missingKey, "at_least") }
            guard let per = c["per"] else { throw body.error(.missingKey, "per") }
            let least = try atLeast.int(in: 1...1000)
            var most: Int?
            if let a = c["at_most"] {
                most = try a.int(in: 1...1000)
                guard most! >= least else { throw a.error(.atMostBelowAtLeast, "\(most!)", "\(least)") }
            }
            var dueBefore: MonthDay?
            if let d = c["due_before"] {
                let text = try d.string()
                guard let md = MonthDay(text) else { throw d.error(.notMonthDay, text) }
                dueBefore = md
            }
            rules.cadences.append(CadenceRule(id: id, title: title, source: source, enabled: enabled, actor: actor, subject: subject,
                                              action: action, counts: counts,
                                              cadence: .quota(Quota(atLeast: least, atMost: most, per: try per.oneOf(PeriodUnit.self), dueBefore: dueBefore)),
                                              remind: remind, basis: basis))
        case "interval":
            let i = try body.mapping(allowed: ["every", "first"])
            guard let every = i["every"] else { throw body.error(.missingKey, "every") }
            rules.cadences.append(CadenceRule(id: id, title: title, source: source, enabled: enabled, actor: actor, subject: subject,
                                              action: action, counts: counts,
                                              cadence: .interval(IntervalCadence(every: try period(every), first: try i["first"].map(period))),
                                              remind: remind, basis: basis))
        case "follow_up":
            let f = try body.mapping(allowed: ["after", "within"])
            guard let after = f["after"] else { throw body.error(.missingAfter) }
            guard let within = f["within"] else { throw body.error(.missingKey, "within") }
            rules.followUps.append(FollowUpRule(id: id, title: title, source: source, enabled: enabled, actor: actor, subject: subject,
                                                after: Set(try factKinds(after)), within: try period(within), action: action,
                                                counts: counts, remind: remind, basis: basis))
        case "sample":
            let s = try body.mapping(allowed: ["count", "percent", "strata", "per", "unit", "inspectors", "weights"])
            guard let per = s["per"] else { throw body.error(.missingKey, "per") }
            let sizes = ["count", "percent", "strata"].filter { s[$0] != nil }
            guard sizes.count == 1 else { throw body.error(.sampleSize) }
            let size: SampleSize
            if let c = s["count"] {
                let text = try c.string()
                let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil && $0! >= 1 }), parts.first!! <= parts.last!! else {
                    throw c.error(.notCount, text)
                }
                size = .range(min: parts.first!!, max: parts.last!!)
            } else if let p = s["percent"] {
                size = .percent(try p.int(in: 1...100))
            } else {
                var strata: [String: Int] = [:]
                for (grade, value) in try s["strata"]!.mapping(allowed: nil) { strata[grade] = try value.int(in: 0...100) }
                guard !strata.isEmpty else { throw s["strata"]!.error(.noStrata) }
                size = .strata(strata)
            }
            var weights: [String: Double] = [:]
            if let w = s["weights"] {
                for (grade, value) in try w.mapping(allowed: nil) {
                    guard let v = Double(try value.string()), v > 0 else { throw value.error(.weightNotPositive) }
                    weights[grade] = v
                }
            }
            let inspectors = try s["inspectors"]?.int(in: 2...20) ?? 2
            rules.samplings.append(SamplingRule(id: id, title: title, source: source, enabled: enabled, actor: actor, subject: subject,
                                                action: action, counts: counts, size: size, per: try per.oneOf(PeriodUnit.self),
                                                unit: try s["unit"]?.oneOf(SampleUnit.self) ?? .entity, inspectorsPerEntity: inspectors,
                                                weights: weights, remind: remind, basis: basis))
        default:
            throw body.error(.unknownRuleType, type)
        }
        return id
    }

    static func actor(_ node: YAMLValue) throws -> Actor {
        let m = try node.mapping(allowed: ["authority", "entity", "body"])
        let given = ["authority", "entity", "body"].filter { m[$0] != nil }
        guard given.count == 1 else {
            throw node.error(.actorOne)
        }
        if let a = m["authority"] {
            var actors: [Authority] = []
            for name in try a.stringList() {
                guard let level = Authority(rawValue: name) else {
                    throw a.error(.notOneOf, name, "\(Authority.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                actors.append(level)
            }
            guard !actors.isEmpty else { throw a.error(.noAuthority) }
            return .authorities(actors)
        }
        if let e = m["entity"] {
            guard try e.bool() else { throw e.error(.entityTrueOnly) }
            return .subjectItself
        }
        return .body(try m["body"]!.nonEmptyString())
    }

    static func subject(_ node: YAMLValue) throws -> SubjectFilter {
        let m = try node.mapping(allowed: ["kinds", "ids", "jurisdictions", "grades", "grades_except", "approved_before"])
        guard let kindsNode = m["kinds"] else { throw node.error(.missingKey, "kinds") }
        let kinds = try kindsNode.stringList()
        guard !kinds.isEmpty else { throw kindsNode.error(.noEntityKind) }
        for k in kinds where !EntityKind.isKnown(k) {
            throw kindsNode.error(.unknownEntityKindSee, k, "\(EntityKind.known.keys.sorted().joined(separator: ", "))")
        }
        var eligibility = Eligibility.always
        if let ab = m["approved_before"] {
            let v = try ab.string()
            guard v == "year-start" else { throw ab.error(.notYearStart, v) }
            eligibility = .approvedBeforeYearStart
        }
        return SubjectFilter(kinds: Set(kinds), ids: try m["ids"].map { Set(try $0.stringList()) },
                             jurisdictions: try m["jurisdictions"].map { Set(try $0.stringList()) },
                             grades: try m["grades"].map { Set(try $0.stringList()) },
                             gradesExcept: Set(try m["grades_except"]?.stringList() ?? []), eligibility: eligibility)
    }

    static func factKinds(_ node: YAMLValue) throws -> [String] {
        let kinds = try node.stringList()
        guard !kinds.isEmpty else { throw node.error(.noKind) }
        for c in kinds where !Inspection.knownKinds.contains(c) {
            throw node.error(.unknownFactKind, c, "\(Inspection.knownKinds.sorted().joined(separator: ", "))")
        }
        return kinds
    }

    static func eventKind(_ node: YAMLValue) throws -> String {
        let k = try node.nonEmptyString()
        guard LifecycleEventKind.all.contains(k) else {
            throw node.error(.unknownEventKindOf, k, "\(LifecycleEventKind.all.sorted().joined(separator: ", "))")
        }
        return k
    }

    static func leadTimes(_ node: YAMLValue) throws -> [LeadTime] {
        try node.array().map { item in
            let text = try item.string()
            guard let lead = LeadTime(text) else { throw item.error(.notLeadTime, text, "\(LeadTime.maximumCount)") }
            return lead
        }
    }

    static func period(_ node: YAMLValue) throws -> LegalPeriod {
        let text = try node.string()
        guard let p = LegalPeriod(text) else { throw node.error(.notPeriod, text) }
        return p
    }
}

import Foundation
