import InspectCore
import Testing

/// Which visits a digest announces as 明日检查安排, and for which day.
@Suite struct VisitAgendaTests {
    /// The next working day of the office's calendar, not of the week: across 劳动节 and onto a
    /// make-up Saturday (调休, 2026: 1–5 May off, Saturday 9 May worked).
    @Test func theDayIsTheNextWorkingDayOfTheOfficesCalendar() throws {
        let calendar = try CalendarFixtures.calendar()
        func next(_ iso: String) throws -> String {
            VisitAgenda.agendaDay(after: try #require(CivilDate(iso: iso)), calendar: calendar).iso
        }
        #expect(try next("2026-05-06") == "2026-05-07")  // Wednesday → Thursday
        #expect(try next("2026-04-30") == "2026-05-06")  // before the holiday → after it
        #expect(try next("2026-05-08") == "2026-05-09")  // Friday → the make-up Saturday
        #expect(try next("2026-05-09") == "2026-05-11")  // make-up Saturday → Monday
    }

    /// A supervisor's digest: the visits to their entities and those they go on; the office's
    /// digest (no addressee): the visits to entities without a supervisor.
    @Test func aVisitConcernsItsEntitysSupervisorAndItsTeam() {
        #expect(VisitAgenda.concerns(addressee: "S01", entitySupervisor: "S01", team: ["I1", "I2"]))
        #expect(VisitAgenda.concerns(addressee: "S01", entitySupervisor: "S02", team: ["I1", "S01"]))
        #expect(!VisitAgenda.concerns(addressee: "S01", entitySupervisor: "S02", team: ["I1", "I2"]))
        #expect(!VisitAgenda.concerns(addressee: "S01", entitySupervisor: nil, team: ["I1"]))
        #expect(VisitAgenda.concerns(addressee: nil, entitySupervisor: nil, team: ["I1"]))
        #expect(!VisitAgenda.concerns(addressee: nil, entitySupervisor: "S02", team: ["S02"]))
    }

    @Test func itemsReadInEntityOrderWithTeamAndObligations() throws {
        let day = try #require(CivilDate(iso: "2026-05-07"))
        let agenda = VisitAgenda(day: day, items: [
            .init(visitID: 2, date: day, entityID: "B", entityName: "乙公司", obligations: ["C01/B/2026-05"], team: ["甲", "乙"]),
            .init(visitID: 1, date: day, entityID: "A", entityName: "甲公司", obligations: [], team: ["丙"]),
        ])
        #expect(agenda.items.map(\.entityID) == ["A", "B"])
        #expect(agenda.heading == "明日检查安排（2026-05-07）")
        #expect(agenda.items[1].line == "乙公司（B） 检查组：甲、乙；事项 C01/B/2026-05")
        #expect(agenda.items[0].line == "甲公司（A） 检查组：丙")
    }
}
