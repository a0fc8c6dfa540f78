import Foundation

/// Reads work orders from an ERP export: a CSV file with a header row (column names
/// as ERPs spell them: `order`/`work_order`/`id`, `product`/`material`/`item`,
/// `quantity`/`qty`, `due`/`due_date`, `priority`, `release`/`release_date`), or JSON
/// (a list of objects, or `{"orders": [...]}`). Every bad row is reported with its
/// row number and reason, and a file with any bad row yields no orders at all.
/// Due and release dates go through `DateInput` in the plant's time zone: a due date alone
/// means the end of that day in the plant, a release date alone its start; a date not in the
/// calendar (`2026-13-01`, `2026-02-30`) refuses the row with the reason.
public enum OrderImport {
    /// One refused row.
    public struct RowError: Error, Sendable, Equatable, CustomStringConvertible {
        public var row: Int
        public var message: String
        /// What `row` counts: "row" in a CSV or JSON file, "line" in an XML document.
        public var place: String
        public var description: String { "\(place) \(row): \(message)" }

        public init(row: Int, message: String, place: String = "row") {
            self.row = row
            self.message = message
            self.place = place
        }
    }

    /// One order as a file states it, before it is checked: its row (or line) and its fields
    /// by Gemba's names (`id`, `product`, `quantity`, `due`, `priority`, `release`).
    public struct Record: Sendable, Equatable {
        public var row: Int
        public var fields: [String: String]

        public init(row: Int, fields: [String: String]) {
            self.row = row
            self.fields = fields
        }
    }

    /// All the refused rows of a file.
    public struct Errors: Error, Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var errors: [RowError]
        public var description: String { errors.map { "\(file): \($0)" }.joined(separator: "\n") }

        public init(file: String, errors: [RowError]) {
            self.file = file
            self.errors = errors
        }
    }

    static let columns: [String: [String]] = [
        "id": ["order", "work_order", "workorder", "order_id", "id", "wo", "order_no", "order_number"],
        "product": ["product", "material", "item", "part", "article", "product_id", "material_id"],
        "quantity": ["quantity", "qty", "order_quantity", "amount"],
        "due": ["due", "due_date", "duedate", "due_at", "delivery_date", "finish_date"],
        "priority": ["priority", "weight", "prio"],
        "release": ["release", "release_date", "start_date", "earliest_start", "released_at"],
    ]

    public static func parse(
        _ text: String, file: String, plant: PlantConfig, existing: Set<String> = []
    ) throws(Errors) -> [WorkOrder] {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        let records: [(row: Int, fields: [String: String])]
        do throws(RowError) {
            records = trimmed.hasPrefix("[") || trimmed.hasPrefix("{") ? try json(String(trimmed)) : try csv(text)
        } catch {
            throw Errors(file: file, errors: [error])
        }
        return try orders(records.map { Record(row: $0.row, fields: $0.fields) }, file: file, plant: plant, existing: existing)
    }

    /// The orders `records` state, by the rules every import follows: each bad record is
    /// named with its row (or `place`) and reason, and any bad record means no orders at all.
    public static func orders(
        _ records: [Record], file: String, plant: PlantConfig, existing: Set<String> = [], place: String = "row"
    ) throws(Errors) -> [WorkOrder] {
        var out: [WorkOrder] = []
        var errors: [RowError] = []
        var seen: [String: Int] = [:]
        let zone = DateInput.plantTimeZone(plant)
        for record in records {
            let row = record.row
            let f = record.fields
            func fail(_ m: String) { errors.append(RowError(row: row, message: m, place: place)) }
            guard let id = f["id"], !id.isEmpty else {
                fail("no order id (a column order, work_order or id)")
                continue
            }
            // An order id is scanned, typed and printed like a lot id: the same rule.
            do throws(LotIDError) {
                try LotID.validate(id)
            } catch {
                fail(
                    "order id \"\(LotID.shown(id))\": "
                        + error.reason.replacingOccurrences(of: "a lot id", with: "an order id").replacingOccurrences(of: "lot id", with: "order id"))
                continue
            }
            if let first = seen[id] {
                fail("order \(id) appears twice (first in \(place) \(first))")
                continue
            }
            seen[id] = row
            if existing.contains(id) {
                fail("order \(id) exists already")
                continue
            }
            guard let product = f["product"], !product.isEmpty else {
                fail("order \(id) has no product")
                continue
            }
            guard plant.product(product) != nil else {
                fail("order \(id): product \"\(product)\" is not in the plant file's products")
                continue
            }
            guard let qtyText = f["quantity"], let qty = Int(qtyText.replacingOccurrences(of: ",", with: "")), qty > 0,
                qty <= WorkOrder.maximumQuantity
            else {
                fail("order \(id): quantity \"\(f["quantity"] ?? "")\" is not a whole number from 1 to 100,000,000")
                continue
            }
            guard let dueText = f["due"], !dueText.isEmpty else {
                fail("order \(id) has no due date (2026-11-30: the end of that day in the plant) or time (2026-11-30T14:00:00Z)")
                continue
            }
            let due: Timestamp
            do throws(DateInputError) {
                due = try DateInput.parse(dueText, timeZone: zone, dateAlone: .endOfDay)
            } catch {
                fail("order \(id): due \(error)")
                continue
            }
            var priority = 1
            if let p = f["priority"], !p.isEmpty {
                guard let v = Int(p), v >= 1, v <= 1000 else {
                    fail("order \(id): priority \"\(p)\" is not a whole number from 1 to 1000")
                    continue
                }
                priority = v
            }
            var release: Timestamp?
            if let r = f["release"], !r.isEmpty {
                do throws(DateInputError) {
                    release = try DateInput.parse(r, timeZone: zone, dateAlone: .startOfDay)
                } catch {
                    fail("order \(id): release \(error)")
                    continue
                }
            }
            out.append(WorkOrder(id: id, product: product, quantity: qty, due: due, priority: priority, release: release))
        }
        guard errors.isEmpty else { throw Errors(file: file, errors: errors) }
        guard !out.isEmpty else { throw Errors(file: file, errors: [RowError(row: 1, message: "no orders in the file", place: place)]) }
        return out
    }

    /// Header-named CSV (RFC 4180: quotes, doubled quotes, commas and newlines in quotes; `;` when the header uses it).
    static func csv(_ text: String) throws(RowError) -> [(row: Int, fields: [String: String])] {
        let firstLine = text.prefix { $0 != "\n" }
        let separator: Character = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var rows: [(Int, [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var row = 1
        var rowStart = 1
        var chars = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { row += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
            } else if c == separator {
                fields.append(field)
                field = ""
            } else if c == "\n" {
                fields.append(field)
                if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) { rows.append((rowStart, fields)) }
                fields = []
                field = ""
                row += 1
                rowStart = row
            } else {
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw RowError(row: rowStart, message: "a quoted field is not closed: the file is cut short") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append((rowStart, fields))
        }
        guard let header = rows.first else { throw RowError(row: 1, message: "the file is empty: expected a header row") }
        let names = header.1.map { $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_") }
        var index: [String: Int] = [:]
        for (key, synonyms) in columns {
            if let k = names.firstIndex(where: { synonyms.contains($0) }) { index[key] = k }
        }
        for key in ["id", "product", "quantity", "due"] where index[key] == nil {
            throw RowError(
                row: header.0,
                message:
                    "no \(key) column (the header has: \(names.joined(separator: ", ")); one of \(columns[key]!.joined(separator: ", ")) is needed)")
        }
        var out: [(Int, [String: String])] = []
        for (r, values) in rows.dropFirst() {
            if values.count != names.count {
                throw RowError(row: r, message: "\(values.count) fields where the header has \(names.count)")
            }
            var f: [String: String] = [:]
            for (key, k) in index { f[key] = values[k].trimmingCharacters(in: .whitespaces) }
            out.append((r, f))
        }
        return out
    }

    static func json(_ text: String) throws(RowError) -> [(row: Int, fields: [String: String])] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            // The parser's own words say where (`Invalid value around character 18.`).
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw RowError(
                row: 1, message: "not valid JSON (cut short, or not a list of orders)" + (detail.map { ": " + $0 } ?? ""))
        }
        let list: [Any]
        if let l = root as? [Any] {
            list = l
        } else if let o = root as? [String: Any], let l = o["orders"] as? [Any] {
            list = l
        } else {
            throw RowError(row: 1, message: "expected a list of orders, or {\"orders\": [...]}")
        }
        var out: [(Int, [String: String])] = []
        for (k, item) in list.enumerated() {
            guard let obj = item as? [String: Any] else { throw RowError(row: k + 1, message: "order \(k + 1) is not an object") }
            var f: [String: String] = [:]
            for (key, synonyms) in columns {
                guard let name = obj.keys.first(where: { synonyms.contains($0.lowercased()) }), let v = obj[name] else { continue }
                if let s = v as? String { f[key] = s } else if let n = v as? NSNumber { f[key] = n.stringValue }
            }
            out.append((k + 1, f))
        }
        return out
    }
}
