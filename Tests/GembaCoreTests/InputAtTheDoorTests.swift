import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// Issue 10 §3: bad input refused at the door, in the domain's terms.
struct DateInputTests {
    let utc = TimeZone(identifier: "UTC")!
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func reason(_ text: String) -> String? {
        do throws(DateInputError) {
            _ = try DateInput.parse(text, timeZone: utc)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func datesNotInTheCalendarAreRefusedWithTheirReason() {
        #expect(reason("2026-13-01") == "2026-13-01: there is no month 13")
        #expect(reason("2026-00-10") == "2026-00-10: there is no month 0")
        #expect(reason("2026-02-30") == "2026-02-30: February 2026 has 28 days")
        #expect(reason("2026-04-31") == "2026-04-31: April 2026 has 30 days")
        #expect(reason("2026-01-32") == "2026-01-32: January 2026 has 31 days")
        #expect(reason("2026-01-00") == "2026-01-00: there is no day 0")
        #expect(reason("2026-02-31T10:00:00Z") == "2026-02-31T10:00:00Z: February 2026 has 28 days", "a full time is checked the same way")
        #expect(reason("2026-12-03T24:00:00Z") == "2026-12-03T24:00:00Z: there is no hour 24 (hours run from 00 to 23)")
        #expect(reason("2026-12-03T14:60:00Z")?.contains("there is no minute 60") == true)
        #expect(reason("2026/12/03")?.hasPrefix("2026/12/03: not a date (YYYY-MM-DD") == true)
        #expect(reason("tomorrow")?.hasPrefix("tomorrow: not a date") == true)
        #expect(reason("")?.contains("is needed") == true)
        #expect(reason("2026-12-03T14:00:00")?.contains("a time needs its zone") == true, "a time without a zone is ambiguous")
        #expect(reason("9999-12-31")?.contains("year 9999 is out of range") == true, "beyond what a timestamp holds")
    }

    @Test func neverRolledOver() throws {
        // The low-level reader refuses them too (it used to roll 2026-02-31 over into March).
        #expect(ISOTime.parse("2026-02-31T00:00:00Z") == nil)
        #expect(ISOTime.parse("2026-04-31T12:00:00Z") == nil)
        #expect(ISOTime.parse("2025-02-29T00:00:00Z") == nil)
        #expect(ISOTime.parse("9999-01-01T00:00:00Z") == nil, "overflows a timestamp: refused, not a crash")
        #expect(ISOTime.parse("2026-03-01T00:00:00Z") == (ISOTime.parse("2026-02-28T00:00:00Z") ?? 0) + 86_400 * Nanos.perSecond)
    }

    @Test func leapYears() throws {
        #expect(reason("2024-02-29") == nil)
        #expect(reason("2000-02-29") == nil, "divisible by 400: a leap year")
        #expect(reason("1900-02-29") == "1900-02-29: February 1900 has 28 days", "divisible by 100 only: not a leap year")
        #expect(reason("2100-02-29") == "2100-02-29: February 2100 has 28 days")
        #expect(reason("2025-02-29") == "2025-02-29: February 2025 has 28 days")
        #expect(reason("2028-02-30") == "2028-02-30: February 2028 has 29 days")
        #expect(try DateInput.parse("2024-02-29T12:00:00Z", timeZone: utc) == ISOTime.parse("2024-02-29T12:00:00Z"))
        #expect(ISOTime.parse("2024-02-29T00:00:00Z") != nil)
    }

    @Test func fullTimesAreReadWithTheirZone() throws {
        #expect(try DateInput.parse("2026-12-03T14:00:00Z", timeZone: berlin) == ISOTime.parse("2026-12-03T14:00:00Z"))
        #expect(try DateInput.parse("2026-12-03T15:00:00+01:00", timeZone: utc) == ISOTime.parse("2026-12-03T14:00:00Z"))
        #expect(try DateInput.parse("2026-12-03T14:00Z", timeZone: utc) == ISOTime.parse("2026-12-03T14:00:00Z"), "seconds may be left out")
        #expect(try DateInput.parse(" 2026-12-03T14:00:00.250Z ", timeZone: utc) == ISOTime.parse("2026-12-03T14:00:00.250Z"))
    }

    @Test func aDateAloneIsTheEndOfThatDayInPlantTime() throws {
        // Winter: Berlin is UTC+1, so the end of 3 December there is 23:00 UTC.
        let dec = try DateInput.parse("2026-12-03", timeZone: berlin)
        #expect(dec == ISOTime.parse("2026-12-03T23:00:00Z"))
        #expect(ISOTime.format(dec) == "2026-12-03T23:00:00Z", "shown back as that end-of-day time")
        // Summer: UTC+2.
        #expect(try DateInput.parse("2026-07-03", timeZone: berlin) == ISOTime.parse("2026-07-03T22:00:00Z"))
        // The day clocks go forward (29 March 2026) and back (25 October 2026): the day's end is the next local midnight.
        #expect(try DateInput.parse("2026-03-28", timeZone: berlin) == ISOTime.parse("2026-03-28T23:00:00Z"))
        #expect(try DateInput.parse("2026-03-29", timeZone: berlin) == ISOTime.parse("2026-03-29T22:00:00Z"))
        #expect(try DateInput.parse("2026-10-25", timeZone: berlin) == ISOTime.parse("2026-10-25T23:00:00Z"))
        // Year's end rolls into the next year (that is the next day, not a rollover of a bad date).
        #expect(try DateInput.parse("2026-12-31", timeZone: utc) == ISOTime.parse("2027-01-01T00:00:00Z"))
        // The end of a leap day.
        #expect(try DateInput.parse("2028-02-29", timeZone: utc) == ISOTime.parse("2028-03-01T00:00:00Z"))
        // A lower bound reads the same date as the day's start.
        #expect(try DateInput.parse("2026-12-03", timeZone: berlin, dateAlone: .startOfDay) == ISOTime.parse("2026-12-02T23:00:00Z"))
        #expect(try DateInput.parse("2026-07-03", timeZone: berlin, dateAlone: .startOfDay) == ISOTime.parse("2026-07-02T22:00:00Z"))
    }

    @Test func thePlantFilesTimeZoneIsUsed() throws {
        var plant = try PlantConfigLoader.load(yaml: PlantConfigLoaderTests.example, file: "p")
        plant.timezone = "Europe/Berlin"
        #expect(try DateInput.parse("2026-12-03", plant: plant) == ISOTime.parse("2026-12-03T23:00:00Z"))
        plant.timezone = "America/New_York"
        #expect(try DateInput.parse("2026-12-03", plant: plant) == ISOTime.parse("2026-12-04T05:00:00Z"))
    }

    @Test func checkingWithoutAZoneAndDatesAlone() throws {
        try DateInput.check("2026-12-03")
        try DateInput.check("2026-12-03T14:00:00Z")
        #expect(throws: DateInputError(text: "2026-02-30", reason: "February 2026 has 28 days")) { try DateInput.check("2026-02-30") }
        #expect(try DateInput.day("2026-11-24") == CalendarDay(year: 2026, month: 11, day: 24))
        #expect(try DateInput.day("2026-11-24").description == "2026-11-24")
        #expect(throws: DateInputError.self) { try DateInput.day("2026-11-24T06:00:00Z") }
        #expect(throws: DateInputError(text: "2026-13-01", reason: "there is no month 13")) { try DateInput.day("2026-13-01") }
    }

    @Test func aShiftOnADateNotInTheCalendarIsNone() throws {
        let plant = try PlantConfigLoader.load(yaml: PlantConfigLoaderTests.example, file: "p")
        let cal = ShiftCalendar(shifts: plant.shifts, timezone: "Europe/Berlin")
        #expect(cal.instance(named: "A", date: "2026-02-30") == nil, "not 2 March")
        #expect(cal.instance(named: "A", date: "2025-02-29") == nil)
        #expect(cal.instance(named: "A", date: "2024-02-29")?.start == ISOTime.parse("2024-02-29T05:00:00Z"))
    }

    @Test func orderImportRefusesAnInvalidDueDateWithTheRowAndReason() throws {
        let plant = try OrderImportTests.plant
        let csv = """
            order,product,quantity,due,release
            WO-1,bracket,10,2026-11-30,
            WO-2,bracket,10,2026-13-01,
            WO-3,bracket,10,2026-12-01,2026-02-30
            WO-4,bracket,10,2025-02-29,
            """
        do {
            _ = try OrderImport.parse(csv, file: "o.csv", plant: plant)
            Issue.record("imported")
        } catch {
            #expect(error.errors.map(\.row) == [3, 4, 5])
            #expect(error.description.contains("o.csv: row 3: order WO-2: due 2026-13-01: there is no month 13"), "\(error)")
            #expect(error.description.contains("o.csv: row 4: order WO-3: release 2026-02-30: February 2026 has 28 days"), "\(error)")
            #expect(error.description.contains("o.csv: row 5: order WO-4: due 2025-02-29: February 2025 has 28 days"), "\(error)")
        }
    }

    @Test func orderImportReadsDatesAloneInThePlantsZone() throws {
        var plant = try OrderImportTests.plant
        plant.timezone = "Europe/Berlin"
        let orders = try OrderImport.parse(
            "order,product,quantity,due,release\nWO-1,bracket,10,2026-12-03,2026-12-01\nWO-2,bracket,5,2026-07-03T10:00:00Z,\n",
            file: "o.csv", plant: plant)
        #expect(orders[0].due == ISOTime.parse("2026-12-03T23:00:00Z"), "due: the end of 3 December in Berlin")
        #expect(orders[0].release == ISOTime.parse("2026-11-30T23:00:00Z"), "release: the start of 1 December in Berlin")
        #expect(orders[1].due == ISOTime.parse("2026-07-03T10:00:00Z"))
    }
}

struct PersonDurationTests {
    func reason(_ text: String, option: String? = "--for") -> String? {
        do throws(DurationInputError) {
            _ = try DurationText.personSeconds(text, option: option)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aNumberWithoutAUnitIsRefusedForPeople() {
        #expect(reason("30") == "--for 30: a duration needs a unit, such as 30m (s, m, h, d)")
        #expect(reason("2.5") == "--for 2.5: a duration needs a unit, such as 2.5m (s, m, h, d)")
        #expect(reason("30", option: nil) == "30: a duration needs a unit, such as 30m (s, m, h, d)")
        #expect(reason("1h30")?.contains("needs a unit") == true)
        #expect(reason("10x")?.contains("\"x\" is not a unit") == true)
        #expect(reason("-5m")?.contains("cannot be negative") == true)
        #expect(reason("0m")?.contains("longer than zero") == true)
        #expect(reason("")?.contains("a duration is needed") == true)
    }

    @Test func durationsWithUnitsAreAccepted() throws {
        #expect(try DurationText.personSeconds("30m") == 1800)
        #expect(try DurationText.personSeconds("1h30m") == 5400)
        #expect(try DurationText.personSeconds("45s") == 45)
        #expect(try DurationText.personSeconds("2d") == 172_800)
        #expect(try DurationText.personSeconds("500ms") == 0.5)
    }

    @Test func thePlantFileStillTakesABareNumberAsSeconds() throws {
        #expect(DurationText.seconds("30") == 30)
        let yaml = PlantConfigLoaderTests.example.replacingOccurrences(of: "comm_loss_timeout: 30s", with: "comm_loss_timeout: 45")
        #expect(try PlantConfigLoader.load(yaml: yaml, file: "p").commLossTimeout == 45)
    }
}

struct LotIDTests {
    func refused(_ id: String) -> String? {
        do throws(LotIDError) {
            try LotID.validate(id)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func printableIdsAreAccepted() {
        for id in ["C-1001", "B-2002-A", "Ünïcode-1", "批次-7", "LOT/2026/0042#3", String(repeating: "x", count: 200)] {
            #expect(refused(id) == nil, "\(id)")
            #expect(LotID.isValid(id))
        }
    }

    @Test func whitespaceControlEmptyAndLongIdsAreRefused() {
        #expect(
            refused("C 1001") == "lot id \"C 1001\": character 2 is a space (U+0020); a lot id is printable, without whitespace or control characters"
        )
        #expect(
            refused("C\t1001")
                == "lot id \"C\\u{9}1001\": character 2 is a tab (U+0009); a lot id is printable, without whitespace or control characters")
        #expect(refused("C-1001\n")?.contains("character 7 is a line break (U+000A)") == true)
        #expect(refused("C\u{7}1")?.contains("a control character (U+0007)") == true)
        #expect(refused("C\u{7F}1")?.contains("a control character (U+007F)") == true, "DEL")
        #expect(refused("C\u{9B}1")?.contains("a control character (U+009B)") == true, "C1")
        #expect(refused("C\u{A0}1")?.contains("whitespace (U+00A0)") == true, "no-break space")
        #expect(refused("C\u{3000}1")?.contains("whitespace (U+3000)") == true, "ideographic space")
        #expect(refused("C\u{200B}1")?.contains("invisible format character (U+200B)") == true, "zero-width space")
        #expect(refused("C\u{202E}1")?.contains("invisible format character (U+202E)") == true, "right-to-left override")
        #expect(refused("C\u{E000}1")?.contains("private-use character (U+E000)") == true)
        #expect(refused("C\u{FFFD}1")?.contains("not valid Unicode") == true, "what undecodable bytes become")
        #expect(refused("C\u{FFFF}1")?.contains("not valid Unicode: a noncharacter") == true)
        #expect(refused("") == "lot id \"\": it is empty; a lot id has 1 to 200 printable characters")
        #expect(refused(String(repeating: "x", count: 201))?.hasSuffix("a lot id has at most 200 characters (this one has 201)") == true)
        #expect(!LotID.isValid(" C-1001"))
    }
}
