import Foundation
import GembaCore
import Testing

/// The plant's UTC offsets the daemon sends so a console needs no time-zone database.
struct UTCOffsetsTests {
    static let s = Nanos.perSecond
    /// 2026-10-20T12:00:00Z, five days before Europe/Berlin leaves summer time.
    static let october20: Timestamp = 1_792_497_600 * s
    /// 2026-10-25T01:00:00Z: 03:00 CEST becomes 02:00 CET.
    static let fallBack: Timestamp = 1_792_890_000 * s

    @Test func aTableAroundNowCarriesTheComingDaylightSavingChange() {
        let table = UTCOffsets.table(zone: "Europe/Berlin", around: Self.october20)
        #expect(table.first == UTCOffsetChange(fromNanos: Self.october20 - UTCOffsets.lookBack, seconds: 7200))
        #expect(table.contains(UTCOffsetChange(fromNanos: Self.fallBack, seconds: 3600)))
        #expect(UTCOffsets.offset(at: Self.fallBack - Self.s, in: table) == 7200, "a second before: summer time")
        #expect(UTCOffsets.offset(at: Self.fallBack, in: table) == 3600, "from the change on: winter time")
        #expect(UTCOffsets.offset(at: 0, in: table) == 7200, "before the table: its oldest offset")
        #expect(UTCOffsets.offset(at: Self.october20, in: []) == 0, "no table: UTC")
    }

    @Test func anUnknownZoneIsUTCAsTheShiftCalendarTreatsIt() {
        let table = UTCOffsets.table(zone: "Mars/Olympus_Mons", around: Self.october20)
        #expect(table == [UTCOffsetChange(fromNanos: Self.october20 - UTCOffsets.lookBack, seconds: 0)])
    }

    @Test func thePlantSummaryCarriesTheTableOnTheWireAndAnOlderDaemonsReadsAsUTC() throws {
        let plant = PlantConfig(plant: "P", timezone: "America/New_York", lines: [])
        let summary = PlantSummary(plant, now: Self.october20)
        let json = try #require(String(data: try JSONEncoder().encode(summary), encoding: .utf8))
        #expect(json.contains("\"utc_offsets\":[{"))
        #expect(json.contains("\"seconds\":-14400"))
        #expect(summary.utcOffset(at: Self.october20) == -4 * 3600)
        let old = try JSONDecoder().decode(PlantSummary.self, from: Data(#"{"name":"P","timezone":"Europe/Berlin","lines":[]}"#.utf8))
        #expect(old.utcOffsets == nil)
        #expect(old.utcOffset(at: Self.october20) == 0)
    }
}
