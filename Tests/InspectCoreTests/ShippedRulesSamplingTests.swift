import Foundation
import InspectConfig
import InspectCore
import Testing

/// One test per RULES.md §3 row (S01–S07): the shipped rule's parsed shape (size, period, unit,
/// inspectors ≥ 2, population kinds), then a draw with `SampleDrawing` on the demo directory whose
/// size must be within the rule's bounds, every drawn entity in the population and staffed by at
/// least two distinct inspectors. Plus the national pack (N01, N03), shipped disabled.
@Suite struct ShippedSamplingRulesTests {
    static let seeds: [UInt64] = [1, 2, 3, 20_260_101, 0xDEAD_BEEF]

    /// Draws `rule` for `period` on the demo directory with several fixed seeds and checks the
    /// common properties; returns the draws.
    @discardableResult
    static func drawAndCheck(_ rule: SamplingRule, period: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [SampleDraw] {
        let p = try #require(CalendarPeriod(label: period), sourceLocation: sourceLocation)
        #expect(p.unit == rule.per, "period \(period) is not a \(rule.per) period", sourceLocation: sourceLocation)
        let directory = try Shipped.directory()
        let population = SampleDrawing.population(of: rule, in: p, entities: directory)
        let ids = Set(population.map(\.id))
        #expect(!population.isEmpty, "the demo directory has no population for \(rule.id)", sourceLocation: sourceLocation)
        var draws: [SampleDraw] = []
        for seed in seeds {
            let d = try SampleDrawing.draw(rule: rule, period: p, seed: seed, entities: directory, inspectors: try inspectorPool())
            #expect(d == (try SampleDrawing.draw(rule: rule, period: p, seed: seed, entities: directory, inspectors: try inspectorPool())),
                    "same seed, same draw", sourceLocation: sourceLocation)
            for e in d.entities {
                #expect(ids.contains(e.entity), "\(e.entity) is not in the population of \(rule.id)", sourceLocation: sourceLocation)
                #expect(Set(e.inspectors).count >= max(2, rule.inspectorsPerEntity), "\(e.entity): \(e.inspectors)", sourceLocation: sourceLocation)
            }
            draws.append(d)
        }
        return draws
    }

    /// S01: 2–3 劳务派遣 companies a year, on site.
    @Test func s01TwoToThreeLaborDispatchCompaniesAYear() throws {
        let rule = try Shipped.sampling("S01")
        #expect(rule.size == .range(min: 2, max: 3))
        #expect(rule.per == .year && rule.unit == .entity && rule.inspectorsPerEntity >= 2)
        #expect(rule.subject.kinds == ["labor-dispatch"])
        #expect(rule.counts == ["onsite"])
        #expect(SampleDrawing.population(of: rule, in: try #require(CalendarPeriod(label: "2026")), entities: try Shipped.directory()).count >= 4)
        for d in try Self.drawAndCheck(rule, period: "2026") {
            #expect((2...3).contains(d.size))
            #expect(d.entities.count == d.size)
        }
    }

    /// S02: 1–2 employers a year for the continuing-education on-site inspection.
    @Test func s02OneToTwoEmployersAYear() throws {
        let rule = try Shipped.sampling("S02")
        #expect(rule.size == .range(min: 1, max: 2))
        #expect(rule.per == .year && rule.unit == .entity && rule.inspectorsPerEntity >= 2)
        #expect(rule.subject.kinds == ["employer"])
        for d in try Self.drawAndCheck(rule, period: "2026") {
            #expect((1...2).contains(d.entities.count))
        }
    }

    /// S03: every two years, 1–2 industries for a special continuing-education inspection.
    @Test func s03OneToTwoIndustriesEveryTwoYears() throws {
        let rule = try Shipped.sampling("S03")
        #expect(rule.size == .range(min: 1, max: 2))
        #expect(rule.per == .twoYears && rule.unit == .industry && rule.inspectorsPerEntity >= 2)
        #expect(rule.subject.kinds == ["employer"])
        #expect(rule.counts == ["special"])
        let directory = try Shipped.directory()
        for d in try Self.drawAndCheck(rule, period: "2026+2027") {
            #expect((1...2).contains(d.industries.count))
            #expect(d.populationSize >= 2)
            // Every employer of a drawn industry is inspected, and only those.
            let expected = Set(directory.filter { $0.kind == "employer" && d.industries.contains($0.industry ?? "") }.map(\.id))
            #expect(Set(d.entities.map(\.entity)) == expected)
        }
    }

    /// S04: at least 20 % of the title-review judges a year (judges are `title-review-committee` entities).
    @Test func s04AtLeastTwentyPercentOfJudgesAYear() throws {
        let rule = try Shipped.sampling("S04")
        #expect(rule.size == .percent(20))
        #expect(rule.per == .year && rule.unit == .entity && rule.inspectorsPerEntity >= 2)
        #expect(rule.subject.kinds == ["title-review-committee"])
        let judges = try Shipped.directory().filter { $0.kind == "title-review-committee" }.count
        #expect(judges == 10)
        for d in try Self.drawAndCheck(rule, period: "2026") {
            #expect(d.size >= SampleDrawing.percentOf(judges, 20))   // ⌈20 % × 10⌉ = 2
            #expect(d.size * 100 >= 20 * judges)
        }
    }

    /// S05: social insurance fund, unscheduled random spot checks (no number in the seed: 1 a year shipped).
    @Test func s05RandomSpotChecksOfFundUnits() throws {
        let rule = try Shipped.sampling("S05")
        #expect(rule.size == .range(min: 1, max: 1))
        #expect(rule.per == .year && rule.inspectorsPerEntity >= 2)
        #expect(rule.subject.kinds == ["social-insurance-fund-unit"])
        #expect(rule.basis.contains("随机"))
        for d in try Self.drawAndCheck(rule, period: "2026") { #expect(d.size == 1) }
    }

    /// S06: the city re-checks a proportion of the counties' initial ratings.
    @Test func s06CityRechecksAProportionOfRatings() throws {
        let rule = try Shipped.sampling("S06")
        guard case .percent(let p) = rule.size else { Issue.record("S06 should be a percentage, is \(rule.size)"); return }
        #expect((1...100).contains(p))
        #expect(rule.actor == .authorities([.city]))
        #expect(rule.per == .year && rule.inspectorsPerEntity >= 2)
        #expect(rule.subject.kinds == ["private-financing-service"])
        let population = SampleDrawing.population(of: rule, in: try #require(CalendarPeriod(label: "2026")), entities: try Shipped.directory())
        for d in try Self.drawAndCheck(rule, period: "2026") {
            #expect(d.size >= SampleDrawing.percentOf(population.count, p))
            #expect(d.size <= population.count)
        }
    }

    /// S07: each year some 区属国有企业 are selected for the wage-income inspection.
    @Test func s07SomeStateOwnedEnterprisesEachYear() throws {
        let rule = try Shipped.sampling("S07")
        #expect(rule.per == .year && rule.unit == .entity && rule.inspectorsPerEntity >= 2)
        #expect(rule.subject.kinds == ["state-owned-enterprise"])
        guard case .range(let lo, let hi) = rule.size else { Issue.record("S07 should be a count, is \(rule.size)"); return }
        let soes = try Shipped.directory().filter { $0.kind == "state-owned-enterprise" }.count
        #expect(lo >= 1 && hi < soes)   // "部分企业": some, not all
        for d in try Self.drawAndCheck(rule, period: "2026") { #expect((lo...hi).contains(d.size)) }
    }

    // MARK: National pack (RULES.md §10), shipped disabled

    /// N01: results published within 20 working days of the inspection, once the pack is switched on.
    @Test func n01PublicationWithinTwentyWorkingDaysWhenEnabled() throws {
        let c = try Shipped.configuration()
        let n01 = try Shipped.followUp("N01")
        #expect(!n01.enabled)
        #expect(n01.within == LegalPeriod("20wd"))
        #expect(n01.counts == ["publication"])
        let firm = try Shipped.entity("LS-PFS-001")
        let inspection = try fact("LS-PFS-001", "2023-09-20", "onsite")
        let since = try day("2023-01-01")
        // Disabled: nothing owed.
        #expect(ObligationSchedule(rules: c.rules, calendar: c.calendar, since: since)
            .obligations(of: firm, inspections: [inspection], today: try day("2023-10-09")).allSatisfy { $0.ruleID != "N01" })
        var rules = c.rules
        for i in rules.followUps.indices where rules.followUps[i].id == "N01" { rules.followUps[i].enabled = true }
        let schedule = ObligationSchedule(rules: rules, calendar: c.calendar, since: since)
        let owed = try #require(schedule.obligations(of: firm, inspections: [inspection], today: try day("2023-10-09")).first { $0.ruleID == "N01" })
        // 20 working days after Wednesday 2023-09-20 across the 8-day National Day holiday (and its
        // two make-up Saturdays/Sundays 10-07, 10-08): 2023-10-24.
        #expect(owed.due == c.calendar.addingWorkingDays(20, to: try day("2023-09-20")))
        #expect(owed.due == (try day("2023-10-24")))
        #expect(owed.status.isOpen)
        let published = [inspection, try fact("LS-PFS-001", "2023-10-10", "publication")]
        #expect(schedule.obligations(of: firm, inspections: published, today: try day("2023-10-10")).first { $0.ruleID == "N01" }?.status == .met)
    }

    /// N03: sampling bands by credit class A–D (the directory's grade), shipped disabled.
    @Test func n03StrataByCreditClass() throws {
        let n03 = try Shipped.sampling("N03")
        #expect(!n03.enabled)
        #expect(n03.size == .strata(["A": 5, "B": 20, "C": 60, "D": 100]))
        #expect(n03.per == .year && n03.inspectorsPerEntity >= 2)
        let graded = try Shipped.directory().filter { n03.subject.matches($0) && ["A", "B", "C", "D"].contains($0.grade ?? "") }
        #expect(Set(graded.compactMap(\.grade)) == ["A", "B", "C", "D"])
        for d in try Self.drawAndCheck(n03, period: "2026") {
            let drawn = Set(d.entities.map(\.entity))
            // Class D is sampled in full (100 %).
            #expect(graded.filter { $0.grade == "D" }.allSatisfy { drawn.contains($0.id) })
        }
    }
}

/// The shipped rule files as a whole: every RULES.md row is implemented, each basis quotes its seed verbatim.
@Suite struct ShippedRuleSetTests {
    @Test func everyRowOfRulesSectionsOneToFourAndTheNationalPackIsShipped() throws {
        let summaries = try Shipped.configuration().rules.summaries
        let sources = Set(summaries.flatMap(\.source))
        let rows = (1...17).map { String(format: "C%02d", $0) } + ["K01", "K02"] + (1...7).map { "S0\($0)" } + ["P01", "N01", "N03", "G01"]
        for row in rows { #expect(sources.contains(row), "no shipped rule implements \(row)") }
        for s in summaries {
            #expect(!s.basis.isEmpty && !s.title.isEmpty, "\(s.id)")
            #expect(s.enabled == !s.source.contains { $0.hasPrefix("N0") && !$0.hasPrefix("N04") }, "\(s.id): only the national pack ships disabled")
        }
    }

    /// Every “quoted” passage of a basis that cites a seed document appears in that seed (line
    /// breaks of the seed's page layout ignored; "……" marks an omission). Skipped when the seeds
    /// are not next to the repository.
    @Test func everyBasisQuotesItsSeedVerbatim() throws {
        let seedDir = CalendarFixtures.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        let documents = ["临沂市金融工作办公室责任清单": "001_c877a35d9bcc62ba.txt",
                         "淄博市博山区人力资源和社会保障局责任清单": "002_b78cbb4529db44e9.txt",
                         "秦皇岛市北戴河区加强行政执法协调监督机制建设实施方案": "004_714f31f3b1b5d46f.txt"]
        var texts: [String: String] = [:]
        for (name, file) in documents {
            guard let t = try? String(contentsOf: seedDir.appendingPathComponent(file), encoding: .utf8) else { return }
            texts[name] = t.replacingOccurrences(of: "\n", with: "")
        }
        var checked = 0
        for s in try Shipped.configuration().rules.summaries {
            var document: String?
            var inQuote = false
            var quote = ""
            var name = ""
            var inName = 0
            for ch in s.basis {
                if inQuote {
                    if ch == "”" {
                        inQuote = false
                        if let d = document, let text = texts[d] {
                            for part in quote.components(separatedBy: "……") where !part.isEmpty {
                                #expect(text.contains(part), "\(s.id): not verbatim in \(d): \(part)")
                                checked += 1
                            }
                        }
                        quote = ""
                    } else { quote.append(ch) }
                } else if ch == "“" { inQuote = true }
                else if ch == "《" { inName += 1; if inName == 1 { name = "" } }
                else if ch == "》" { inName -= 1; if inName == 0 { document = name } }
                else if inName > 0 { name.append(ch) }
            }
        }
        #expect(checked >= 30)
    }
}
