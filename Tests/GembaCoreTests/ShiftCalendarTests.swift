import GembaCore
import GembaPlantFile
import Testing

struct ShiftCalendarTests {
    let plant = try! PlantConfigLoader.load(yaml: PlantConfigLoaderTests.example, file: "t")

    func ts(_ iso: String) -> Timestamp {
        // 2026-11-24T06:00:00Z style, UTC only (enough for these tests).
        let p = iso.split(whereSeparator: { "-T:Z".contains($0) }).compactMap { Int($0) }
        var days = 0
        for y in 1970..<p[0] { days += (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365 }
        let leap = p[0] % 4 == 0 && (p[0] % 100 != 0 || p[0] % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for m in 0..<(p[1] - 1) { days += monthDays[m] }
        days += p[2] - 1
        return Timestamp(((days * 24 + p[3]) * 60 + p[4]) * 60 + p[5]) * Nanos.perSecond
    }

    @Test func nightShiftBelongsToTheDateItStarts() throws {
        let cal = ShiftCalendar(shifts: plant.shifts, timezone: "UTC")
        let s = try #require(cal.shift(at: ts("2026-11-25T02:30:00Z")))
        #expect(s.name == "C")
        #expect(s.date == "2026-11-24")
        #expect(s.start == ts("2026-11-24T22:00:00Z"))
        #expect(s.end == ts("2026-11-25T06:00:00Z"))
    }

    @Test func boundariesAreHalfOpen() {
        let cal = ShiftCalendar(shifts: plant.shifts, timezone: "UTC")
        #expect(cal.shift(at: ts("2026-11-24T14:00:00Z"))?.name == "B")
        #expect(cal.shift(at: ts("2026-11-24T13:59:59Z"))?.name == "A")
        let a = cal.instance(named: "A", date: "2026-11-24")
        #expect(a?.breaks.first == ts("2026-11-24T09:00:00Z")..<ts("2026-11-24T09:15:00Z"))
    }

    @Test func previousShift() {
        let cal = ShiftCalendar(shifts: plant.shifts, timezone: "UTC")
        #expect(cal.previous(before: ts("2026-11-24T15:00:00Z"))?.name == "A")
    }

    @Test func daylightSavingDayIsShorterInBerlin() throws {
        // 2026-03-29: clocks go from 02:00 to 03:00 in Europe/Berlin; night shift C is 7 hours.
        let cal = ShiftCalendar(shifts: plant.shifts, timezone: "Europe/Berlin")
        let c = try #require(cal.instance(named: "C", date: "2026-03-28"))
        #expect(c.end - c.start == 7 * 3600 * Nanos.perSecond)
    }
}
