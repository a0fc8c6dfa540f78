/// What the shift report's SVG charts share: the order of the downtime Pareto (which the
/// downtime table numbers by, so a bar's number is its row's), coordinates written the same
/// on every machine, and values made safe to draw. A NaN, an infinity or a ratio above 1 must
/// not give a bar wider than its track, a negative width or a coordinate SVG cannot read.
package enum ShiftReportCharts {
    /// The downtime reasons by time, longest first; a time that is not a number counts as none,
    /// and equal times keep the report's order.
    package static func paretoOrder(_ reasons: [ShiftReport.DowntimeReason]) -> [ShiftReport.DowntimeReason] {
        reasons.enumerated().sorted { (drawable($1.element.seconds), $0.offset) < (drawable($0.element.seconds), $1.offset) }.map(\.element)
    }

    /// A value to draw: 0 for NaN, infinities and negatives; a finite value otherwise.
    package static func drawable(_ value: Double) -> Double {
        value.isFinite && value > 0 ? value : 0
    }

    /// A ratio as a share of a track: between 0 and 1, 0 when it is not a number.
    package static func clampedRatio(_ value: Double?) -> Double {
        guard let value, value.isFinite else { return 0 }
        return min(1, max(0, value))
    }

    /// An SVG coordinate or length with at most one decimal (`12.5`, `40`), held to ±100,000.
    package static func number(_ value: Double) -> String {
        let v = value.isFinite ? min(100_000, max(-100_000, value)) : 0
        let tenths = Int((v * 10).rounded())
        let magnitude = tenths.magnitude
        let whole = (tenths < 0 ? "-" : "") + String(magnitude / 10)
        return magnitude % 10 == 0 ? whole : whole + "." + String(magnitude % 10)
    }

    /// A label cut to `characters` with `…`, escaped for SVG text.
    static func label(_ text: String, _ characters: Int) -> String {
        let cleaned = ShiftReportEscaping.clean(text)
        let cut = cleaned.count > characters ? String(cleaned.prefix(max(0, characters - 1))) + "…" : cleaned
        return ShiftReportEscaping.html(cut)
    }
}
