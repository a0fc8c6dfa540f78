import Foundation
import GembaCore
import GembaExchange
import Testing

/// An ERP's B2MML `OperationsSchedule`, valid against MESA's schema, read into work orders.
struct B2MMLScheduleTests {
    /// Three requests in the ways an ERP writes them: times with an offset, in UTC, without a
    /// zone (plant time, in winter and in summer) and with fractions; the produced material
    /// in the segment requirement or in a child of it (beside a consumed kit whose assembly
    /// part says Produced, which is not the order's product); priorities as decimals.
    static let schedule = """
        <?xml version="1.0" encoding="UTF-8"?>
        <OperationsSchedule xmlns="http://www.mesa.org/xml/B2MML">
          <ID>ERP-2026-W48</ID>
          <Description>Week 48</Description>
          <PublishedDate>2026-11-24T18:00:00Z</PublishedDate>
          <OperationsType>Production</OperationsType>
          <OperationsRequest>
            <ID>WO-1001</ID>
            <StartTime>2026-11-25T06:00:00+01:00</StartTime>
            <EndTime>2026-11-30T14:00:00Z</EndTime>
            <OperationsType>Production</OperationsType>
            <Priority>3</Priority>
            <RequestState>Released</RequestState>
            <SegmentRequirement>
              <ID>WO-1001-10</ID>
              <ProcessSegmentID>stamp</ProcessSegmentID>
              <OperationsDefinitionID>bracket</OperationsDefinitionID>
              <OperationsSegmentID>stamp</OperationsSegmentID>
              <MaterialRequirement>
                <ID>WO-1001-coil</ID>
                <MaterialDefinitionID>steel-coil</MaterialDefinitionID>
                <MaterialUse>Consumed</MaterialUse>
                <Quantity>
                  <QuantityString>130</QuantityString>
                  <UnitOfMeasure>kg</UnitOfMeasure>
                </Quantity>
              </MaterialRequirement>
              <MaterialRequirement>
                <ID>WO-1001-out</ID>
                <MaterialDefinitionID>bracket</MaterialDefinitionID>
                <MaterialUse>Produced</MaterialUse>
                <Quantity>
                  <QuantityString>1200</QuantityString>
                  <DataType>integer</DataType>
                  <UnitOfMeasure>pcs</UnitOfMeasure>
                </Quantity>
              </MaterialRequirement>
            </SegmentRequirement>
          </OperationsRequest>
          <OperationsRequest>
            <ID>WO-1002</ID>
            <EndTime>2026-11-28T16:00:00</EndTime>
            <Priority>2.0</Priority>
            <SegmentRequirement>
              <ID>WO-1002-all</ID>
              <ProcessSegmentID>make</ProcessSegmentID>
              <OperationsDefinitionID>hinge</OperationsDefinitionID>
              <OperationsSegmentID>make</OperationsSegmentID>
              <MaterialRequirement>
                <ID>WO-1002-kit</ID>
                <MaterialDefinitionID>hinge-kit</MaterialDefinitionID>
                <MaterialUse>Consumed</MaterialUse>
                <AssemblyRequirement>
                  <ID>WO-1002-pin</ID>
                  <MaterialDefinitionID>pin</MaterialDefinitionID>
                  <MaterialUse>Produced</MaterialUse>
                </AssemblyRequirement>
              </MaterialRequirement>
              <SegmentRequirementChild>
                <ID>WO-1002-stamp</ID>
                <ProcessSegmentID>stamp</ProcessSegmentID>
                <OperationsDefinitionID>hinge</OperationsDefinitionID>
                <OperationsSegmentID>stamp</OperationsSegmentID>
                <MaterialRequirement>
                  <ID>WO-1002-out</ID>
                  <MaterialDefinitionID>hinge</MaterialDefinitionID>
                  <MaterialUse>Produced</MaterialUse>
                  <Quantity>
                    <QuantityString> 50 </QuantityString>
                  </Quantity>
                </MaterialRequirement>
              </SegmentRequirementChild>
            </SegmentRequirement>
          </OperationsRequest>
          <OperationsRequest>
            <ID>WO-1003</ID>
            <StartTime>2026-07-01T08:00:00</StartTime>
            <EndTime>2026-07-02T17:30:00.5-04:00</EndTime>
            <SegmentRequirement>
              <ID>WO-1003-10</ID>
              <ProcessSegmentID>stamp</ProcessSegmentID>
              <OperationsDefinitionID>bracket</OperationsDefinitionID>
              <OperationsSegmentID>stamp</OperationsSegmentID>
              <MaterialRequirement>
                <ID>WO-1003-out</ID>
                <MaterialDefinitionID>bracket</MaterialDefinitionID>
                <MaterialUse>Produced</MaterialUse>
                <Quantity>
                  <QuantityString>1500.0</QuantityString>
                </Quantity>
              </MaterialRequirement>
            </SegmentRequirement>
          </OperationsRequest>
        </OperationsSchedule>

        """

    @Test func theScheduleIsValidB2MML() throws {
        let lint = try ExchangeFixtures.xmllint(Self.schedule, schema: "B2MML-OperationsSchedule.xsd")
        #expect(lint.status == 0, "\(lint.output)")
    }

    @Test func itImportsExactlyTheOrdersItRequests() throws {
        let orders = try B2MMLSchedule.orders(xml: Self.schedule, file: "w48.xml", plant: try ExchangeFixtures.plant(), existing: [])
        let at = ExchangeFixtures.at
        let expected = [
            WorkOrder(
                id: "WO-1001", product: "bracket", quantity: 1200, due: try at("2026-11-30T14:00:00Z"), priority: 3,
                release: try at("2026-11-25T05:00:00Z")),
            // 16:00 in Berlin in November (UTC+1).
            WorkOrder(id: "WO-1002", product: "hinge", quantity: 50, due: try at("2026-11-28T15:00:00Z"), priority: 2, release: nil),
            // 08:00 in Berlin in July (UTC+2); 17:30:00.5 at UTC-4.
            WorkOrder(
                id: "WO-1003", product: "bracket", quantity: 1500, due: try at("2026-07-02T21:30:00.500Z"), priority: 1,
                release: try at("2026-07-01T06:00:00Z")),
        ]
        #expect(orders == expected)
    }

    @Test func aPrefixedDocumentReadsTheSame() throws {
        // ERPs often write B2MML with a prefix (b2mml:ID) instead of a default namespace.
        let prefixed = Self.schedule.replacingOccurrences(of: "</", with: "</b2mml:")
            .replacingOccurrences(of: "<([A-Z])", with: "<b2mml:$1", options: .regularExpression)
            .replacingOccurrences(of: "xmlns=", with: "xmlns:b2mml=")
        #expect(prefixed.contains("<b2mml:OperationsRequest>"))
        #expect(try ExchangeFixtures.xmllint(prefixed, schema: "B2MML-OperationsSchedule.xsd").status == 0)
        let plant = try ExchangeFixtures.plant()
        let orders = try B2MMLSchedule.orders(xml: prefixed, file: "w48.xml", plant: plant, existing: [])
        #expect(orders == (try B2MMLSchedule.orders(xml: Self.schedule, file: "w48.xml", plant: plant, existing: [])))
        #expect(orders.map(\.id) == ["WO-1001", "WO-1002", "WO-1003"])
    }

    @Test func anOrderThatExistsIsNamedWithItsLine() throws {
        let plant = try ExchangeFixtures.plant()
        let line = try ExchangeFixtures.line(of: "<OperationsRequest>", in: Self.schedule, occurrence: 1)
        do {
            _ = try B2MMLSchedule.orders(xml: Self.schedule, file: "w48.xml", plant: plant, existing: ["WO-1002"])
            Issue.record("imported an order that exists")
        } catch {
            #expect(error.errors.map(\.row) == [line])
            #expect(error.description == "w48.xml: line \(line): order WO-1002 exists already")
        }
    }

    @Test func aDeclaredEncodingDoesNotGarbleTheText() throws {
        // The caller hands over a String: whatever the file's encoding was, it is text now.
        let latin = Self.schedule.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
            .replacingOccurrences(of: "<ID>WO-1001</ID>", with: "<ID>WO-Ä1001</ID>")
        let orders = try B2MMLSchedule.orders(xml: latin, file: "w48.xml", plant: try ExchangeFixtures.plant(), existing: [])
        #expect(orders.map(\.id) == ["WO-Ä1001", "WO-1002", "WO-1003"])
    }
}
