/// The plant files the daemon tests start on, as YAML text.
///
/// It exists because several suites spelled the same plant (and the same extra products and
/// alarms) out in their own copies; a fixture that only one suite uses stays in that suite.
/// `testWorks` is a whole plant; the others are fragments a test appends to it
/// (`DaemonHarness(extra:)`), joined with a newline.
public enum Plants {
    /// The daemon harness's plant: one line L1 of two presses (2 s ideal cycle), shifts A
    /// (00:00–12:00) and B (12:00–00:00) covering the whole day in UTC, reasons `jam` and
    /// `tool_change`, and a comm-loss timeout of an hour.
    public static let testWorks = """
        plant: Test Works
        timezone: UTC
        comm_loss_timeout: 1h
        lines:
          - id: L1
            name: Stamping
            machines:
              - { id: press-01, name: Press 01, ideal_cycle_time: 2.0 }
              - { id: press-02, name: Press 02, ideal_cycle_time: 2.0 }
        shifts:
          - { name: A, start: "00:00", end: "12:00" }
          - { name: B, start: "12:00", end: "00:00" }
        downtime_reasons:
          jam: Material jam
          tool_change: Tool change
        """

    /// A material (`steel`, kg) and a product made from it (`bracket`: one operation,
    /// `stamp` on press-01, 2 s a part, 10 min setup): enough for lots, holds and orders.
    public static let steelBrackets = """
        materials:
          - { id: steel, name: Steel coil, unit: kg }
        products:
          - id: bracket
            routing:
              - { op: stamp, machines: { press-01: 2s }, setup: 10m }
        """

    /// One alarm, `press-01-oil-hot`: high priority when press-01's `oil_temp` is above 80
    /// (deadband 2, no on-delay).
    public static let oilHotAlarm = """
        alarms:
          - id: press-01-oil-hot
            machine: press-01
            when: { value: oil_temp, above: 80, deadband: 2, on_delay: 0s }
            priority: high
            message: Oil temperature high
        """
}
