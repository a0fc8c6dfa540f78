import ArgumentParser
import GembaCore

/// What a person types on the command line, refused at the door with the option and the
/// reason before anything is sent to the daemon: dates and times (`DateInput`), durations
/// (`DurationText.personSeconds`), lot ids (`LotID`) and numbers.
///
/// Numeric options are declared `parsing: .unconditional` with `transform: PersonInput.whole`
/// (or `.decimal`): swift-argument-parser would otherwise take `--good -5` for an option and
/// report a missing value. The transform refuses what is not a number (`1,000`, `12x`) naming
/// the option; the command's `validate()` then checks the range (`--good must be 0 or more`).
enum PersonInput {
    /// Why typed text is not a number; argument-parser prints it after the option's name.
    struct NotANumber: Error, CustomStringConvertible {
        var description: String
    }

    /// A whole number: digits, with an optional sign.
    @Sendable static func whole(_ text: String) throws -> Int {
        if let v = Int(text) { return v }
        if isDigits(text) { throw NotANumber(description: text.hasPrefix("-") ? "too small: at least \(Int.min)" : "too large: at most \(Int.max)") }
        if text.contains(where: { $0 == "," || $0 == "_" || $0 == "'" || $0 == " " }), Int(text.filter { $0.isNumber || $0 == "-" }) != nil {
            throw NotANumber(description: "write a whole number without separators, such as 1000")
        }
        throw NotANumber(description: "not a whole number")
    }

    /// A whole number of 0 or more, as large as a seed may be.
    @Sendable static func unsigned(_ text: String) throws -> UInt64 {
        if let v = UInt64(text) { return v }
        if isDigits(text) && !text.hasPrefix("-") { throw NotANumber(description: "too large: at most \(UInt64.max)") }
        if let v = Int64(text), v < 0 { throw NotANumber(description: "must be 0 or more") }
        _ = try whole(text)
        throw NotANumber(description: "not a whole number")
    }

    /// Digits only, after an optional sign: a whole number, if not one that fits.
    static func isDigits(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A decimal number, with a point (`2.5`), without separators or units.
    @Sendable static func decimal(_ text: String) throws -> Double {
        let plain = text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }
        if plain, let v = Double(text), v.isFinite { return v }
        if text.contains(",") { throw NotANumber(description: "write a number with a point and no separators, such as 2.5 or 1000") }
        throw NotANumber(description: "not a number")
    }

    /// The one number of a numeric positional argument. Such an argument is declared as
    /// `@Argument(parsing: .allUnrecognized) var …Text: [String]`, the only way swift-argument-parser
    /// hands a positional `-5` over instead of taking it for an unknown option (and reporting the
    /// argument missing); so an unknown option lands here too, and is named as one.
    static func positional(_ values: [String], _ name: String) throws -> Int {
        for v in values where v.hasPrefix("-") && Double(v) == nil { throw ValidationError("Unknown option '\(v)'") }
        guard let first = values.first else { throw ValidationError("Missing expected argument '\(name)'") }
        guard values.count == 1 else { throw ValidationError("\(name) is one number: \(values.joined(separator: " ")) is more") }
        do {
            return try whole(first)
        } catch {
            throw ValidationError("\(name) \(first): \(error)")
        }
    }

    /// `option` must be `min` or more (`--good must be 0 or more`; from 1: `must be positive`).
    static func atLeast<N: Comparable & Numeric>(_ value: N?, _ min: N, _ option: String) throws {
        guard let value, value < min else { return }
        throw ValidationError(
            min == 0 ? "\(option) must be 0 or more" : min == 1 ? "\(option) must be positive (1 or more)" : "\(option) must be \(min) or more")
    }

    /// `option` must be above zero.
    static func positive(_ value: Double?, _ option: String) throws {
        guard let value, !(value > 0) else { return }
        throw ValidationError("\(option) must be positive (above zero)")
    }

    /// `option` must be from `range.lowerBound` to `range.upperBound`.
    static func within(_ value: Int?, _ range: ClosedRange<Int>, _ option: String) throws {
        guard let value, !range.contains(value) else { return }
        throw ValidationError("\(option) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }

    /// A date or a time the daemon will read (`DateInput`): refused here when it is not in the calendar.
    static func date(_ text: String?, _ option: String) throws {
        guard let text else { return }
        do throws(DateInputError) {
            try DateInput.check(text)
        } catch {
            throw ValidationError("\(option) \(error)")
        }
    }

    /// A date alone, `YYYY-MM-DD`.
    static func day(_ text: String?, _ option: String) throws {
        guard let text else { return }
        do throws(DateInputError) {
            _ = try DateInput.day(text)
        } catch {
            throw ValidationError("\(option) \(error)")
        }
    }

    /// A duration with its unit (`30m`): a bare number is refused with the unit suggested.
    static func duration(_ text: String?, _ option: String) throws {
        guard let text else { return }
        do throws(DurationInputError) {
            _ = try DurationText.personSeconds(text, option: option)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// A lot id (`LotID`): printable, no whitespace or control characters, 1 to 200 characters.
    static func lot(_ id: String?, _ what: String? = nil) throws {
        guard let id else { return }
        do throws(LotIDError) {
            try LotID.validate(id)
        } catch {
            throw ValidationError((what.map { "\($0) " } ?? "") + error.description)
        }
    }
}
