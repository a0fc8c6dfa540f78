import Foundation
import GembaCore
import GembaPlantFile
import Testing

struct OrderImportTests {
    static let plantYAML =
        PlantConfigLoaderTests.example + """

            products:
              - id: bracket
                name: Steel bracket
                routing:
                  - op: stamp
                    machines: { press-01: 2s, press-02: 2.5s }
                    setup: 10m
                  - op: finish
                    machines: { press-02: 4s }
            scheduling: { objective: tardiness, frozen_horizon: 30m, time_limit: 1s }
            """

    static var plant: PlantConfig { get throws { try PlantConfigLoader.load(yaml: plantYAML, file: "plant.yaml") } }

    @Test func productsAndRoutingsLoad() throws {
        let p = try Self.plant
        let b = try #require(p.product("bracket"))
        #expect(b.routing.map(\.operation) == ["stamp", "finish"])
        #expect(b.routing[0].machines == [EligibleMachine(machine: "press-01", cycleTime: 2), EligibleMachine(machine: "press-02", cycleTime: 2.5)])
        #expect(b.routing[0].setup == 600)
        #expect(p.scheduling.frozenHorizon == 1800)
    }

    @Test func badRoutingsAreRefusedWithTheirLine() {
        do {
            _ = try PlantConfigLoader.load(
                yaml: PlantConfigLoaderTests.example + """

                    products:
                      - id: bracket
                        routing:
                          - op: stamp
                            machines: { press-09: 2s, press-01: 0 }
                    """, file: "plant.yaml")
            Issue.record("loaded")
        } catch {
            let text = error.description
            #expect(text.contains("names machine \"press-09\", which no line has"), "\(text)")
            #expect(text.contains("the cycle time of press-01 must be longer than zero"), "\(text)")
        }
    }

    @Test func schedulingThreadsLoadAndAreOneByDefault() throws {
        #expect(try Self.plant.scheduling.threads == 1)
        let two = try PlantConfigLoader.load(
            yaml: Self.plantYAML.replacingOccurrences(of: "time_limit: 1s }", with: "time_limit: 1s, threads: 2 }"), file: "plant.yaml")
        #expect(two.scheduling.threads == 2)
        for bad in ["0", "2.5", "all", "65"] {
            do {
                _ = try PlantConfigLoader.load(
                    yaml: Self.plantYAML.replacingOccurrences(of: "time_limit: 1s }", with: "time_limit: 1s, threads: \(bad) }"), file: "plant.yaml")
                Issue.record("threads: \(bad) loaded")
            } catch {
                #expect(error.description.hasPrefix("plant.yaml:28:83: "), "\(error.description)")
                #expect(error.description.contains("threads must be a whole number from 1 to 64"), "\(error.description)")
            }
        }
    }

    /// Found by trying: `time_limit: 1e30` passed check-config, then the daemon trapped at
    /// every reschedule (seconds to nanoseconds) and so at every start.
    @Test func aTimeLimitOverAnHourOrADurationOverACenturyIsRefused() throws {
        for (bad, rule) in [
            ("1e30", "time_limit must be at most 100 years"), ("20000000000s", "time_limit must be at most 100 years"),
            ("2h", "time_limit must be longer than zero and at most 1h"),
        ] {
            do {
                _ = try PlantConfigLoader.load(
                    yaml: Self.plantYAML.replacingOccurrences(of: "time_limit: 1s }", with: "time_limit: \(bad) }"), file: "plant.yaml")
                Issue.record("time_limit: \(bad) loaded")
            } catch {
                #expect(error.description.hasPrefix("plant.yaml:28:"), "\(error.description)")
                #expect(error.description.contains(rule), "\(error.description)")
            }
        }
        let hour = try PlantConfigLoader.load(
            yaml: Self.plantYAML.replacingOccurrences(of: "time_limit: 1s }", with: "time_limit: 1h }"), file: "plant.yaml")
        #expect(hour.scheduling.timeLimit == 3600)
    }

    @Test func anERPStyleCSVImports() throws {
        let csv = """
            Order No;Material;Qty;Due Date;Priority;Release Date\r
            WO-1001;bracket;1,200;2026-11-30;3;2026-11-25\r
            "WO-1002";"bracket";50;2026-11-28T14:00:00Z;;\r

            """
        let orders = try OrderImport.parse(csv, file: "orders.csv", plant: try Self.plant)
        #expect(orders.map(\.id) == ["WO-1001", "WO-1002"])
        #expect(orders[0].quantity == 1200)
        #expect(orders[0].priority == 3)
        #expect(orders[0].due == ISOTime.parse("2026-12-01T00:00:00Z"), "a due date means the end of that day")
        #expect(orders[0].release == ISOTime.parse("2026-11-25T00:00:00Z"))
        #expect(orders[1].due == ISOTime.parse("2026-11-28T14:00:00Z"))
        #expect(orders[1].priority == 1)
    }

    /// An ERP typo of two billion units once crashed the daemon at every start (the plan
    /// ran past what times hold): refused at import, naming the row.
    @Test func aQuantityOverAHundredMillionIsRefused() throws {
        let csv = "order,product,quantity,due\nWO-1,bracket,100000000,2026-11-30\nWO-2,bracket,2000000000,2026-11-30\n"
        let plant = try Self.plant
        do {
            _ = try OrderImport.parse(csv, file: "o.csv", plant: plant)
            Issue.record("accepted 2,000,000,000 units")
        } catch {
            #expect(error.errors.map(\.row) == [3])
            #expect(error.description.contains("o.csv: row 3: order WO-2: quantity \"2000000000\" is not a whole number from 1 to 100,000,000"))
        }
    }

    @Test func oneBadRowRefusesTheWholeFileNamingEveryRow() throws {
        let csv = """
            order,product,quantity,due
            WO-1,bracket,10,2026-11-30
            WO-2,widget,10,2026-11-30
            WO-3,bracket,ten,2026-11-30
            WO-1,bracket,5,2026-11-31
            """
        let plant = try Self.plant
        #expect(throws: OrderImport.Errors.self) { try OrderImport.parse(csv, file: "o.csv", plant: plant) }
        do {
            _ = try OrderImport.parse(csv, file: "o.csv", plant: plant)
        } catch {
            #expect(error.errors.map(\.row) == [3, 4, 5])
            #expect(error.description.contains("o.csv: row 3: order WO-2: product \"widget\" is not in the plant file's products"))
            #expect(error.description.contains("row 4: order WO-3: quantity \"ten\" is not a whole number from 1 to 100,000,000"))
            #expect(error.description.contains("row 5: order WO-1 appears twice (first in row 2)"))
        }
    }

    /// An order id is scanned and typed like a lot id: one with a bidi override, a zero-width
    /// space or a space could be imported but never typed or scanned again.
    @Test func orderIdsThatCannotBeTypedOrScannedAreRefused() throws {
        let plant = try Self.plant
        let csv =
            "order,product,quantity,due\nWO-7601\u{202E},bracket,5,2026-11-30\n\"WO 7602\",bracket,5,2026-11-30\nWO\u{200B}7603,bracket,5,2026-11-30\n"
        do {
            _ = try OrderImport.parse(csv, file: "r.csv", plant: plant)
            Issue.record("imported")
        } catch {
            #expect(error.errors.map(\.row) == [2, 3, 4], "\(error.description)")
            #expect(error.description.contains("row 2: order id \"WO-7601\\u{202E}\": character 8 is"))
            #expect(error.description.contains("an order id is printable"))
            #expect(!error.description.unicodeScalars.contains("\u{202E}"), "the message cannot reorder the terminal's text")
        }
    }

    @Test func truncatedFilesAndMissingColumnsAreNamed() throws {
        let plant = try Self.plant
        let cut = "order,product,quantity,due\nWO-1,bracket,10,\"2026-11-3"
        #expect(throws: OrderImport.Errors(file: "o.csv", errors: [.init(row: 2, message: "a quoted field is not closed: the file is cut short")])) {
            try OrderImport.parse(cut, file: "o.csv", plant: plant)
        }
        do {
            _ = try OrderImport.parse("order,qty,due\nWO-1,3,2026-11-30\n", file: "o.csv", plant: plant)
            Issue.record("imported")
        } catch {
            #expect(error.description.contains("row 1: no product column"))
        }
        do {
            _ = try OrderImport.parse(
                "[{\"id\": \"WO-1\", \"product\": \"bracket\", \"qty\": 3, \"due\": \"2026-11-30\"}, {\"id\": ", file: "o.json", plant: plant)
            Issue.record("imported")
        } catch {
            #expect(error.description.contains("not valid JSON"))
        }
    }

    @Test func jsonExportsImport() throws {
        let json = #"{"orders": [{"work_order": "WO-7", "material": "bracket", "quantity": 40, "due_date": "2026-12-02T06:00:00Z", "priority": 2}]}"#
        let orders = try OrderImport.parse(json, file: "o.json", plant: try Self.plant, existing: ["WO-1"])
        #expect(orders == [WorkOrder(id: "WO-7", product: "bracket", quantity: 40, due: ISOTime.parse("2026-12-02T06:00:00Z")!, priority: 2)])
        #expect(throws: OrderImport.Errors.self) { try OrderImport.parse(json, file: "o.json", plant: try Self.plant, existing: ["WO-7"]) }
    }
}
