import InspectCore
import PropertyBased
import Testing

/// The visit planner: its hard rules on random offices, and the cases a manager checks by hand.
@Suite("visit planner")
struct VisitPlannerTests {
    static let may1 = CivilDate(iso: "2026-05-01")!
    static let may31 = CivilDate(iso: "2026-05-31")!

    /// A random office: entities in a few jurisdictions, inspectors with territories, capacity,
    /// leave and conflicts, and needs with windows, pins and draws.
    struct Office {
        var input: VisitPlanningInput

        init(seed: UInt64, calendar: WorkCalendar) {
            var rng = SeededGenerator(seed: seed)
            let jurisdictions = ["兰山", "罗庄", "河东"].prefix(Int.random(in: 1...3, using: &rng))
            let kinds = ["employer", "labor-dispatch"]
            var entities: [String: Entity] = [:]
            for n in 0..<Int.random(in: 3...40, using: &rng) {
                let id = "E\(n)"
                entities[id] = Entity(id: id, name: id, kind: kinds.randomElement(using: &rng)!, jurisdiction: jurisdictions.randomElement(using: &rng)!)
            }
            var inspectors: [PlanningInspector] = []
            for n in 0..<Int.random(in: 1...8, using: &rng) {
                var i = PlanningInspector(id: "I\(n)", visitsPerDay: Int.random(in: 1...4, using: &rng))
                if Int.random(in: 0..<3, using: &rng) == 0 { i.jurisdictions = [jurisdictions.randomElement(using: &rng)!] }
                if Int.random(in: 0..<5, using: &rng) == 0 { i.kinds = [kinds.randomElement(using: &rng)!] }
                if Int.random(in: 0..<6, using: &rng) == 0 { i.active = false }
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    let start = VisitPlannerTests.may1.adding(days: Int.random(in: 0...25, using: &rng))
                    i.leave = [start...start.adding(days: Int.random(in: 0...6, using: &rng))]
                }
                inspectors.append(i)
            }
            var conflicts: [String: Set<String>] = [:]
            for i in inspectors where Int.random(in: 0..<3, using: &rng) == 0 {
                conflicts[i.id] = [entities.keys.sorted().randomElement(using: &rng)!]
            }
            var needs: [VisitNeed] = []
            for id in entities.keys.sorted() {
                for r in 0..<Int.random(in: 0...3, using: &rng) {
                    let monthly = Int.random(in: 0..<2, using: &rng) == 0
                    let opens = monthly ? VisitPlannerTests.may1 : CivilDate(iso: "2026-01-01")!
                    let due = monthly ? CivilDate(iso: "2026-05-29")! : CivilDate(iso: ["2026-05-15", "2026-12-31", "2026-04-30"].randomElement(using: &rng)!)!
                    var n = VisitNeed(obligation: "R\(r)/\(id)/\(monthly ? "2026-05" : "2026")", entity: id, opens: opens, due: due,
                                      minInspectors: Int.random(in: 1...2, using: &rng))
                    if Int.random(in: 0..<8, using: &rng) == 0 { n.pinned = VisitPlannerTests.may1.adding(days: Int.random(in: 0...40, using: &rng)) }
                    if Int.random(in: 0..<8, using: &rng) == 0, inspectors.count >= 2 {
                        n.inspectors = Array(inspectors.shuffled(using: &rng).prefix(n.minInspectors).map(\.id))
                    }
                    needs.append(n)
                }
            }
            input = VisitPlanningInput(from: VisitPlannerTests.may1, to: VisitPlannerTests.may31,
                                       today: VisitPlannerTests.may1.adding(days: Int.random(in: 0...6, using: &rng)), calendar: calendar,
                                       entities: entities, needs: needs, inspectors: inspectors, conflicts: conflicts, seed: seed)
        }
    }

    @Test("every proposal keeps every hard rule, accounts for every need, and is the same for the same seed")
    func hardRulesHold() async throws {
        let calendar = try CalendarFixtures.calendar()
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64(1 << 40))) { seed in
            let office = Office(seed: seed, calendar: calendar)
            let p = VisitPlanner.propose(office.input)
            #expect(VisitPlanner.violations(of: p, office.input) == [], "seed \(seed)")
            // Each need placed or named unplaced (pinned beyond the window excepted: not this window's).
            let accounted = p.visits.reduce(0) { $0 + $1.obligations.count } + p.unplaced.count
            let outside = office.input.needs.filter { n in n.pinned.map { $0 > office.input.to } ?? false }.count
            let notOpen = office.input.needs.filter { $0.pinned == nil && $0.opens > office.input.to }.count
            #expect(accounted + outside + notOpen == office.input.needs.count, "seed \(seed)")
            #expect(VisitPlanner.propose(office.input) == p)
        }
    }

    func entity(_ id: String, _ jurisdiction: String = "兰山", kind: String = "employer") -> Entity {
        Entity(id: id, name: id, kind: kind, jurisdiction: jurisdiction)
    }

    @Test("one visit meets the month's, the quarter's and the year's obligations of one entity")
    func oneTripForSeveral() throws {
        let calendar = try CalendarFixtures.calendar()
        let needs = [
            VisitNeed(obligation: "C01/A/2026-05", entity: "A", opens: Self.may1, due: CivilDate(iso: "2026-05-29")!),
            VisitNeed(obligation: "C02/A/2026", entity: "A", opens: CivilDate(iso: "2026-01-01")!, due: CivilDate(iso: "2026-12-31")!),
            VisitNeed(obligation: "C05/A/2026", entity: "A", opens: CivilDate(iso: "2026-01-01")!, due: CivilDate(iso: "2026-12-31")!),
        ]
        let input = VisitPlanningInput(from: Self.may1, to: Self.may31, today: Self.may1, calendar: calendar, entities: ["A": entity("A")],
                                       needs: needs, inspectors: [PlanningInspector(id: "x"), PlanningInspector(id: "y")])
        let p = VisitPlanner.propose(input)
        #expect(p.visits.count == 1)
        #expect(Set(p.visits.first?.obligations ?? []) == ["C01/A/2026-05", "C02/A/2026", "C05/A/2026"])
        #expect(p.visits.first.map { $0.date <= CivilDate(iso: "2026-05-29")! && calendar.isWorkingDay($0.date) } == true)
        #expect(p.visits.first?.inspectors.count == 2)
    }

    @Test("a pinned date stays, and a draw's inspectors stay the draw's")
    func pinsAndDraws() throws {
        let calendar = try CalendarFixtures.calendar()
        let pin = CivilDate(iso: "2026-05-20")!
        let needs = [
            VisitNeed(obligation: "C01/A/2026-05", entity: "A", opens: Self.may1, due: CivilDate(iso: "2026-05-29")!, pinned: pin),
            VisitNeed(obligation: "S01/B/2026", entity: "B", opens: CivilDate(iso: "2026-01-01")!, due: CivilDate(iso: "2026-12-31")!,
                      inspectors: ["z", "y"]),
        ]
        let pool = ["x", "y", "z", "w"].map { PlanningInspector(id: $0) }
        let input = VisitPlanningInput(from: Self.may1, to: Self.may31, today: Self.may1, calendar: calendar,
                                       entities: ["A": entity("A"), "B": entity("B")], needs: needs, inspectors: pool)
        let p = VisitPlanner.propose(input)
        #expect(p.visits.first { $0.entity == "A" }?.date == pin)
        #expect(p.visits.first { $0.entity == "B" }?.inspectors == ["y", "z"])
        #expect(p.unplaced.isEmpty)
    }

    @Test("what cannot be placed says why: no inspector covers it, everyone is in conflict, capacity is short, it can only be late")
    func unplacedSaysWhy() throws {
        let calendar = try CalendarFixtures.calendar()
        let due = CivilDate(iso: "2026-05-06")!  // 1 May holiday: 6 May is the first working day after it
        var needs = [
            VisitNeed(obligation: "C01/FAR/2026-05", entity: "FAR", opens: Self.may1, due: CivilDate(iso: "2026-05-29")!),
            VisitNeed(obligation: "C01/C/2026-05", entity: "C", opens: Self.may1, due: CivilDate(iso: "2026-05-29")!),
            VisitNeed(obligation: "C01/OLD/2026-04", entity: "OLD", opens: CivilDate(iso: "2026-04-01")!, due: CivilDate(iso: "2026-04-30")!),
        ]
        for n in 0..<5 { needs.append(VisitNeed(obligation: "C01/T\(n)/2026-05", entity: "T\(n)", opens: Self.may1, due: due, minInspectors: 2)) }
        var entities = ["FAR": entity("FAR", "河东"), "C": entity("C"), "OLD": entity("OLD")]
        for n in 0..<5 { entities["T\(n)"] = entity("T\(n)") }
        let pool = [PlanningInspector(id: "x", jurisdictions: ["兰山"], visitsPerDay: 1), PlanningInspector(id: "y", jurisdictions: ["兰山"], visitsPerDay: 1)]
        let input = VisitPlanningInput(from: Self.may1, to: Self.may31, today: Self.may1, calendar: calendar, entities: entities, needs: needs,
                                       inspectors: pool, conflicts: ["x": ["C"]])
        let p = VisitPlanner.propose(input)
        #expect(VisitPlanner.violations(of: p, input) == [])
        let why = Dictionary(p.unplaced.map { ($0.obligation, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(why["C01/FAR/2026-05"]?.contains("no active inspector covers jurisdiction 河东") == true, "\(why)")
        #expect(why["C01/C/2026-05"]?.contains("only 1 may visit") == true, "\(why)")
        #expect(why["C01/OLD/2026-04"]?.contains("can only be late") == true, "\(why)")
        // Two inspectors, one visit a day each, working days 6 May only before the due date (1–5 May: holiday).
        let placed = p.visits.filter { $0.entity.hasPrefix("T") }.count
        #expect(placed == 1)
        #expect(why.filter { $0.key.hasPrefix("C01/T") }.count == 4)
        #expect(why.values.contains { $0.contains("capacity short in that window by 4 visits") }, "\(why)")
    }

    @Test("the load is spread over the inspectors who can do the work")
    func loadIsBalanced() throws {
        let calendar = try CalendarFixtures.calendar()
        var entities: [String: Entity] = [:]
        var needs: [VisitNeed] = []
        for n in 0..<60 {
            entities["E\(n)"] = entity("E\(n)")
            needs.append(VisitNeed(obligation: "C01/E\(n)/2026-05", entity: "E\(n)", opens: Self.may1, due: CivilDate(iso: "2026-05-29")!))
        }
        let pool = (0..<6).map { PlanningInspector(id: "I\($0)") }
        let input = VisitPlanningInput(from: Self.may1, to: Self.may31, today: Self.may1, calendar: calendar, entities: entities, needs: needs, inspectors: pool, seed: 7)
        let p = VisitPlanner.propose(input)
        #expect(p.unplaced.isEmpty && p.visits.count == 60)
        let loads = p.load.map(\.visits)
        let mean = Double(loads.reduce(0, +)) / Double(loads.count)
        #expect(loads.allSatisfy { abs(Double($0) - mean) <= 0.15 * mean }, "\(p.load)")
        // Spread over the window: no day takes more than its share twice over.
        let perDay = Dictionary(grouping: p.visits, by: \.date).mapValues(\.count)
        #expect(perDay.count >= 10, "\(perDay)")
    }

    /// The shape of generated offices #349 and #829 against the exact model (BENCHMARKS.md), made
    /// small: a and b have one visit a day; 兰山's visits need both, 罗庄's one of them and c (three
    /// a day). Both 兰山 visits are due first, so earliest deadline first gives each a day, a and
    /// b's whole day: 2 obligations met, and no repair helps (no one else may take a's or b's
    /// place, no other day is free). The optimum leaves them out for the four 罗庄 visits, two
    /// a day. Only an exchange finds it — one visit out, two in.
    @Test("a visit taking two inspectors' last slots makes way for two that take one each (the optimum, where the repairs fell short)")
    func exchangeMeetsTheOptimum() throws {
        let calendar = try CalendarFixtures.calendar()
        let mon = CivilDate(iso: "2026-05-18")!, tue = CivilDate(iso: "2026-05-19")!, wed = CivilDate(iso: "2026-05-20")!
        var entities: [String: Entity] = [:]
        var needs: [VisitNeed] = []
        for n in 0..<2 {
            entities["L\(n)"] = entity("L\(n)", "兰山")
            needs.append(VisitNeed(obligation: "C01/L\(n)/2026-05", entity: "L\(n)", opens: mon, due: tue, minInspectors: 2))
        }
        for n in 0..<4 {
            entities["R\(n)"] = entity("R\(n)", "罗庄")
            needs.append(VisitNeed(obligation: "C01/R\(n)/2026-05", entity: "R\(n)", opens: mon, due: wed, minInspectors: 2))
        }
        let pool = [
            PlanningInspector(id: "a", visitsPerDay: 1, leave: [wed...wed]),
            PlanningInspector(id: "b", visitsPerDay: 1, leave: [wed...wed]),
            PlanningInspector(id: "c", jurisdictions: ["罗庄"], visitsPerDay: 3),
        ]
        for seed: UInt64 in [0, 1, 2, 3, 20_260_504] {
            let input = VisitPlanningInput(from: mon, to: wed, today: mon, calendar: calendar, entities: entities, needs: needs,
                                           inspectors: pool, seed: seed)
            let p = VisitPlanner.propose(input)
            #expect(VisitPlanner.violations(of: p, input) == [], "seed \(seed)")
            #expect(p.visits.count == 4 && p.visits.allSatisfy { $0.entity.hasPrefix("R") }, "seed \(seed): \(p.visits)")
            #expect(Set(p.visits.map(\.date)) == [mon, tue], "seed \(seed)")
            #expect(p.unplaced.map(\.obligation).sorted() == ["C01/L0/2026-05", "C01/L1/2026-05"], "seed \(seed)")
        }
    }
}

/// The capacity forecast against a hand count.
@Suite("visit capacity")
struct VisitCapacityTests {
    @Test("a month's needed inspector-visits and the capacity, counted by hand")
    func mayByHand() throws {
        let calendar = try CalendarFixtures.calendar()
        let may1 = CivilDate(iso: "2026-05-01")!, may29 = CivilDate(iso: "2026-05-29")!
        var entities: [String: Entity] = [:]
        var needs: [VisitNeed] = []
        for n in 0..<3 {
            entities["M\(n)"] = Entity(id: "M\(n)", name: "M\(n)", kind: "employer", jurisdiction: "兰山")
            needs.append(VisitNeed(obligation: "C01/M\(n)/2026-05", entity: "M\(n)", opens: may1, due: may29))
        }
        entities["Y"] = Entity(id: "Y", name: "Y", kind: "employer", jurisdiction: "兰山")
        needs.append(VisitNeed(obligation: "C02/Y/2026", entity: "Y", opens: CivilDate(iso: "2026-01-01")!, due: CivilDate(iso: "2026-12-31")!))
        let pool = [PlanningInspector(id: "a", visitsPerDay: 1), PlanningInspector(id: "b", visitsPerDay: 1, leave: [CivilDate(iso: "2026-05-18")!...CivilDate(iso: "2026-05-22")!])]
        let input = VisitPlanningInput(from: may1, to: may29, today: may1, calendar: calendar, entities: entities, needs: needs, inspectors: pool)
        let rows = VisitCapacity.forecast(year: 2026, input)
        let may = try #require(rows.first { $0.month == "2026-05" })
        var working = 0
        var d = may1
        while d <= CivilDate(iso: "2026-05-31")! { if calendar.isWorkingDay(d) { working += 1 }; d = d.adding(days: 1) }
        #expect(working == 19, "May 2026: 1–5 off (劳动节), Saturday 9 May worked (调休)")
        // a: every working day; b: less the five working days of 18–22 May.
        #expect(may.capacity == Double(working + working - 5))
        // Three monthly visits and a twelfth of the yearly one, two inspectors each.
        #expect(abs(may.visits - (3 + 1.0 / 12)) < 1e-9)
        #expect(abs(may.needed - 2 * (3 + 1.0 / 12)) < 1e-9)
        #expect(may.short == 0)
        let june = try #require(rows.first { $0.month == "2026-06" })
        #expect(abs(june.visits - 1.0 / 12) < 1e-9)
        #expect(rows.count == 12)
    }
}
