import InspectCore

/// Reads one `rules/*.yaml` file: a top-level `rules:` list of cadence rules. The keys are
/// documented in `config/README.md`.
enum RuleFile {
    static let ruleKeys: Set<String> = ["id", "title", "source", "actor", "subject", "action", "counts", "cadence", "remind", "basis"]

    /// The rules in the file, each with the line it starts on.
    static func read(path: String) throws -> [(CadenceRule, Int?)] {
        let root = try YAMLValue.parse(try ConfigurationLoader.readText(path), file: path)
        let top = try root.mapping(allowed: ["rules"])
        guard let list = top["rules"] else { throw root.error("missing key 'rules'") }
        return try list.array().map { (try rule($0), $0.line) }
    }

    static func rule(_ node: YAMLValue) throws -> CadenceRule {
        let m = try node.mapping(allowed: ruleKeys)
        func required(_ key: String) throws -> YAMLValue {
            guard let v = m[key] else { throw node.error("missing key '\(key)'") }
            return v
        }
        let id = try required("id").nonEmptyString()
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw m["id"]!.error("'\(id)' is not a valid rule id (letters, digits, - and _)")
        }
        let source = try required("source").stringList()
        guard !source.isEmpty else { throw m["source"]!.error("must name the RULES.md ids the rule implements") }

        let actorNode = try required("actor")
        let actorMap = try actorNode.mapping(allowed: ["authority"])
        guard let authority = actorMap["authority"] else { throw actorNode.error("missing key 'authority'") }
        var actors: [Authority] = []
        for name in try authority.stringList() {
            guard let a = Authority(rawValue: name) else {
                throw authority.error("'\(name)' is not one of: \(Authority.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            actors.append(a)
        }
        guard !actors.isEmpty else { throw authority.error("must name at least one authority") }

        let subjectNode = try required("subject")
        let subject = try subjectNode.mapping(allowed: ["kinds", "approved_before"])
        guard let kindsNode = subject["kinds"] else { throw subjectNode.error("missing key 'kinds'") }
        let kinds = try kindsNode.stringList()
        for k in kinds where !EntityKind.isKnown(k) {
            throw kindsNode.error("unknown entity kind '\(k)' (see RULES.md §9)")
        }
        var eligibility = Eligibility.always
        if let ab = subject["approved_before"] {
            let v = try ab.string()
            guard v == "year-start" else { throw ab.error("'\(v)' is not supported (expected year-start)") }
            eligibility = .approvedBeforeYearStart
        }

        let action = try required("action").nonEmptyString()
        let counts = try required("counts").stringList()
        for c in counts where !Inspection.knownKinds.contains(c) {
            throw m["counts"]!.error("unknown inspection kind '\(c)' (expected one of: \(Inspection.knownKinds.sorted().joined(separator: ", ")))")
        }

        let cadenceNode = try required("cadence")
        let cadence = try cadenceNode.mapping(allowed: ["at_least", "per"])
        guard let atLeast = cadence["at_least"] else { throw cadenceNode.error("missing key 'at_least'") }
        guard let per = cadence["per"] else { throw cadenceNode.error("missing key 'per'") }

        var remind: [LeadTime] = []
        if let r = m["remind"] {
            for item in try r.array() {
                let text = try item.string()
                guard let lead = LeadTime(text) else { throw item.error("'\(text)' is not a lead time (expected e.g. 7wd or 30d)") }
                remind.append(lead)
            }
        }
        return CadenceRule(
            id: id, title: try required("title").nonEmptyString(), source: source, actors: actors,
            subjectKinds: Set(kinds), eligibility: eligibility, action: action, counts: Set(counts),
            atLeast: try atLeast.int(in: 1...366), per: try per.oneOf(PeriodUnit.self), remind: remind,
            basis: try required("basis").nonEmptyString())
    }
}
