import GembaCore
import GembaPlantFile
import Testing

/// `metrics: { listen: HOST:PORT }` as a plant file spells it, and the mistakes an admin makes
/// named at their line; the exposition's escaping, which a hostile machine or value name must
/// not break out of.
struct MetricsConfigTests {
    static let plant = """
        plant: Metered Works
        timezone: UTC
        lines:
          - id: L1
            name: Line
            machines:
              - { id: m1, name: M1, ideal_cycle_time: 1.0 }
        """

    static func errors(_ metrics: String) -> String {
        do {
            _ = try PlantConfigLoader.load(yaml: plant + "\n" + metrics, file: "plant.yaml")
            return ""
        } catch {
            return error.description
        }
    }

    @Test func listenAddressesLoad() throws {
        #expect(try PlantConfigLoader.load(yaml: Self.plant, file: "p.yaml").metrics == nil)
        let v4 = try PlantConfigLoader.load(yaml: Self.plant + "\nmetrics: { listen: 127.0.0.1:9464 }", file: "p.yaml")
        #expect(v4.metrics == MetricsConfig(host: "127.0.0.1", port: 9464))
        let v6 = try PlantConfigLoader.load(yaml: Self.plant + "\nmetrics: { listen: \"[::1]:9464\" }", file: "p.yaml")
        #expect(v6.metrics == MetricsConfig(host: "::1", port: 9464))
        #expect(v6.metrics?.listen == "[::1]:9464")
        let any = try PlantConfigLoader.load(yaml: Self.plant + "\nmetrics: { listen: 0.0.0.0:9100 }", file: "p.yaml")
        #expect(any.metrics?.port == 9100)
    }

    @Test func mistakesAreNamedAtTheirLine() {
        #expect(Self.errors("metrics: { listen: 9464 }").contains("plant.yaml:8:20"))
        #expect(Self.errors("metrics: { listen: 9464 }").contains("metrics.listen must be HOST:PORT"))
        #expect(Self.errors("metrics: { listen: prometheus.local:9464 }").contains("metrics.listen must be HOST:PORT"))
        #expect(Self.errors("metrics: { listen: 127.0.0.1:70000 }").contains("metrics.listen must be HOST:PORT"))
        #expect(Self.errors("metrics: { listen: 256.0.0.1:9464 }").contains("metrics.listen must be HOST:PORT"))
        #expect(Self.errors("metrics: { port: 9464 }").contains("metrics needs listen"))
        #expect(Self.errors("metrics: on").contains("metrics must be a mapping"))
    }

    @Test func labelValuesAndHelpCannotBreakTheFormat() {
        #expect(MetricsExposition.escapeLabel("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
        #expect(MetricsExposition.escapeHelp("x\\y\nz") == "x\\\\y\\nz")
        #expect(MetricsExposition.number(3) == "3")
        #expect(MetricsExposition.number(0.25) == "0.25")
        #expect(MetricsExposition.number(.nan) == "NaN")
        #expect(MetricsExposition.number(-.infinity) == "-Inf")
        #expect(MetricsExposition.Format(accept: "application/openmetrics-text; version=1.0.0") == .openMetrics)
        #expect(MetricsExposition.Format(accept: "text/plain") == .prometheus)
        #expect(MetricsExposition.Format(accept: nil) == .prometheus)
    }
}

/// `reports:` and `erp:` as an admin writes them, and the mistakes named at their line.
struct IntegrationConfigTests {
    @Test func reportsAndERPFoldersLoad() throws {
        let plain = try PlantConfigLoader.load(yaml: MetricsConfigTests.plant, file: "p.yaml")
        #expect(plain.reports == ReportsConfig() && plain.reports.formats == [.html, .text] && plain.erp == nil)
        let set = try PlantConfigLoader.load(
            yaml: MetricsConfigTests.plant
                + "\nreports: { folder: /srv/reports/, formats: [markdown, json] }\nerp: { inbox: /srv/erp/in, outbox: /srv/erp/out, export_every: shift }",
            file: "p.yaml")
        #expect(set.reports.folder == "/srv/reports" && set.reports.formats == [.markdown, .json])
        #expect(set.erp == ERPConfig(inbox: "/srv/erp/in", outbox: "/srv/erp/out"))
        #expect(try PlantConfigLoader.load(yaml: MetricsConfigTests.plant + "\nreports: off", file: "p.yaml").reports.enabled == false)
    }

    @Test func mistakesAreNamed() {
        #expect(MetricsConfigTests.errors("reports: { folder: reports }").contains("reports.folder must be an absolute folder path"))
        #expect(MetricsConfigTests.errors("reports: { formats: [pdf] }").contains("reports.formats takes text, markdown, json, html, not \"pdf\""))
        #expect(MetricsConfigTests.errors("erp: { inbox: /x, outbox: /x }").contains("erp.outbox must not be the inbox"))
        #expect(MetricsConfigTests.errors("erp: { export_every: day, outbox: /x }").contains("erp.export_every must be shift"))
        #expect(MetricsConfigTests.errors("erp: {}").contains("erp needs an inbox, an outbox or both"))
    }
}
