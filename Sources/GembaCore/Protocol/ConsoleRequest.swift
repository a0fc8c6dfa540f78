import Foundation

/// One request of the console protocol: its wire `type`, the fields it carries, the reply it
/// gets and the permission it needs. Adding a request is one payload type, one case of
/// `ConsoleRequest` and one line in the daemon's dispatch.
public protocol ConsoleRequestPayload: Codable, Sendable, Equatable {
    /// What a successful reply carries in `result`.
    associatedtype Response: Codable & Sendable
    /// The wire name (`"op_start"`).
    static var type: String { get }
    /// What the daemon checks before anything else; `.view` is everyone's.
    static var permission: Permission { get }
    /// What a refusal's audit record names (`"order:WO-1"`); nil when reads need no record.
    var auditObject: String { get }
    /// The person's words a refusal's audit record keeps.
    var auditComment: String? { get }
    /// The action its audit records name, taken or refused alike (`"place_hold"` for
    /// `hold_place`), so that the trail filtered by action shows both.
    static var auditAction: String { get }
}

extension ConsoleRequestPayload {
    public static var auditAction: String { type }
    public var auditObject: String { Self.type }
    public var auditComment: String? { nil }
}

/// Every request the daemon answers, decoded once at the door. Each case wraps the payload
/// type that names its wire type, its reply and its permission (`ConsoleRequestPayload`).
public enum ConsoleRequest: Sendable, Equatable {
    case hello(Requests.Hello)
    case ping(Requests.Ping)
    case subscribe(Requests.Subscribe)
    case unsubscribe(Requests.Unsubscribe)
    case status(Requests.Status)
    case reload(Requests.Reload)
    case machineDetail(Requests.MachineDetailQuery)
    case machineReset(Requests.MachineReset)
    case classify(Requests.Classify)
    case oee(Requests.OEEQuery)
    case oeeBoard(Requests.OEEBoardQuery)
    case reliability(Requests.ReliabilityQuery)
    case history(Requests.HistoryQuery)
    case spc(Requests.SPCQuery)
    case measure(Requests.Measure)
    case maintenance(Requests.Maintenance)
    case maintenanceDone(Requests.MaintenanceDone)
    case backup(Requests.Backup)
    case performance(Requests.Performance)
    case handover(Requests.Handover)
    case handoverAdd(Requests.HandoverAdd)
    case handoverConfirm(Requests.HandoverConfirm)
    case report(Requests.ShiftReportQuery)
    case alarms(Requests.Alarms)
    case alarmHistory(Requests.AlarmHistoryQuery)
    case ack(Requests.Acknowledge)
    case shelve(Requests.Shelve)
    case unshelve(Requests.Unshelve)
    case reset(Requests.ResetAlarm)
    case outOfService(Requests.OutOfService)
    case inService(Requests.InService)
    case audit(Requests.AuditQuery)
    case auditVerify(Requests.AuditVerify)
    case auditAnchor(Requests.AuditAnchorQuery)
    case orders(Requests.Orders)
    case schedule(Requests.Schedule)
    case queue(Requests.Queue)
    case opCounts(Requests.OperationCounts)
    case importOrders(Requests.ImportOrders)
    case orderAdd(Requests.OrderAdd)
    case orderPriority(Requests.OrderPriority)
    case orderCancel(Requests.OrderCancel)
    case opStart(Requests.OperationStart)
    case opPause(Requests.OperationPause)
    case opFinish(Requests.OperationFinish)
    case lot(Requests.LotQuery)
    case lotReceive(Requests.LotReceive)
    case lotProduce(Requests.LotProduce)
    case lotSplit(Requests.LotSplit)
    case lotMerge(Requests.LotMerge)
    case lotShip(Requests.LotShip)
    case trace(Requests.TraceQuery)
    case holds(Requests.Holds)
    case holdPlace(Requests.HoldPlace)
    case holdRelease(Requests.HoldRelease)

    /// Every payload type: the one table the role matrix's request column and the decoder read.
    public static let payloads: [any ConsoleRequestPayload.Type] = [
        Requests.Hello.self, Requests.Ping.self, Requests.Subscribe.self, Requests.Unsubscribe.self, Requests.Status.self,
        Requests.Reload.self, Requests.MachineDetailQuery.self, Requests.MachineReset.self, Requests.Classify.self,
        Requests.OEEQuery.self, Requests.OEEBoardQuery.self, Requests.ReliabilityQuery.self, Requests.HistoryQuery.self, Requests.SPCQuery.self,
        Requests.Measure.self, Requests.Maintenance.self, Requests.MaintenanceDone.self, Requests.Backup.self, Requests.Performance.self,
        Requests.Handover.self, Requests.HandoverAdd.self, Requests.HandoverConfirm.self, Requests.ShiftReportQuery.self,
        Requests.Alarms.self,
        Requests.AlarmHistoryQuery.self,
        Requests.Acknowledge.self,
        Requests.Shelve.self,
        Requests.Unshelve.self, Requests.ResetAlarm.self, Requests.OutOfService.self, Requests.InService.self,
        Requests.AuditQuery.self, Requests.AuditVerify.self, Requests.AuditAnchorQuery.self, Requests.Orders.self, Requests.Schedule.self,
        Requests.Queue.self,
        Requests.OperationCounts.self, Requests.ImportOrders.self, Requests.OrderAdd.self, Requests.OrderPriority.self,
        Requests.OrderCancel.self, Requests.OperationStart.self, Requests.OperationPause.self, Requests.OperationFinish.self,
        Requests.LotQuery.self, Requests.LotReceive.self, Requests.LotProduce.self, Requests.LotSplit.self, Requests.LotMerge.self,
        Requests.LotShip.self, Requests.TraceQuery.self, Requests.Holds.self, Requests.HoldPlace.self, Requests.HoldRelease.self,
    ]

    /// The payload, whatever the case.
    public var payload: any ConsoleRequestPayload {
        switch self {
        case .hello(let p): return p
        case .ping(let p): return p
        case .subscribe(let p): return p
        case .unsubscribe(let p): return p
        case .status(let p): return p
        case .reload(let p): return p
        case .machineDetail(let p): return p
        case .machineReset(let p): return p
        case .classify(let p): return p
        case .oee(let p): return p
        case .oeeBoard(let p): return p
        case .reliability(let p): return p
        case .history(let p): return p
        case .spc(let p): return p
        case .measure(let p): return p
        case .maintenance(let p): return p
        case .maintenanceDone(let p): return p
        case .backup(let p): return p
        case .performance(let p): return p
        case .handover(let p): return p
        case .handoverAdd(let p): return p
        case .handoverConfirm(let p): return p
        case .report(let p): return p
        case .alarms(let p): return p
        case .alarmHistory(let p): return p
        case .ack(let p): return p
        case .shelve(let p): return p
        case .unshelve(let p): return p
        case .reset(let p): return p
        case .outOfService(let p): return p
        case .inService(let p): return p
        case .audit(let p): return p
        case .auditVerify(let p): return p
        case .auditAnchor(let p): return p
        case .orders(let p): return p
        case .schedule(let p): return p
        case .queue(let p): return p
        case .opCounts(let p): return p
        case .importOrders(let p): return p
        case .orderAdd(let p): return p
        case .orderPriority(let p): return p
        case .orderCancel(let p): return p
        case .opStart(let p): return p
        case .opPause(let p): return p
        case .opFinish(let p): return p
        case .lot(let p): return p
        case .lotReceive(let p): return p
        case .lotProduce(let p): return p
        case .lotSplit(let p): return p
        case .lotMerge(let p): return p
        case .lotShip(let p): return p
        case .trace(let p): return p
        case .holds(let p): return p
        case .holdPlace(let p): return p
        case .holdRelease(let p): return p
        }
    }

    /// Wraps a payload in its case (the inverse of `payload`).
    public init(_ payload: any ConsoleRequestPayload) {
        switch payload {
        case let p as Requests.Hello: self = .hello(p)
        case let p as Requests.Ping: self = .ping(p)
        case let p as Requests.Subscribe: self = .subscribe(p)
        case let p as Requests.Unsubscribe: self = .unsubscribe(p)
        case let p as Requests.Status: self = .status(p)
        case let p as Requests.Reload: self = .reload(p)
        case let p as Requests.MachineDetailQuery: self = .machineDetail(p)
        case let p as Requests.MachineReset: self = .machineReset(p)
        case let p as Requests.Classify: self = .classify(p)
        case let p as Requests.OEEQuery: self = .oee(p)
        case let p as Requests.OEEBoardQuery: self = .oeeBoard(p)
        case let p as Requests.ReliabilityQuery: self = .reliability(p)
        case let p as Requests.HistoryQuery: self = .history(p)
        case let p as Requests.SPCQuery: self = .spc(p)
        case let p as Requests.Measure: self = .measure(p)
        case let p as Requests.Maintenance: self = .maintenance(p)
        case let p as Requests.MaintenanceDone: self = .maintenanceDone(p)
        case let p as Requests.Backup: self = .backup(p)
        case let p as Requests.Performance: self = .performance(p)
        case let p as Requests.Handover: self = .handover(p)
        case let p as Requests.HandoverAdd: self = .handoverAdd(p)
        case let p as Requests.HandoverConfirm: self = .handoverConfirm(p)
        case let p as Requests.ShiftReportQuery: self = .report(p)
        case let p as Requests.Alarms: self = .alarms(p)
        case let p as Requests.AlarmHistoryQuery: self = .alarmHistory(p)
        case let p as Requests.Acknowledge: self = .ack(p)
        case let p as Requests.Shelve: self = .shelve(p)
        case let p as Requests.Unshelve: self = .unshelve(p)
        case let p as Requests.ResetAlarm: self = .reset(p)
        case let p as Requests.OutOfService: self = .outOfService(p)
        case let p as Requests.InService: self = .inService(p)
        case let p as Requests.AuditQuery: self = .audit(p)
        case let p as Requests.AuditVerify: self = .auditVerify(p)
        case let p as Requests.AuditAnchorQuery: self = .auditAnchor(p)
        case let p as Requests.Orders: self = .orders(p)
        case let p as Requests.Schedule: self = .schedule(p)
        case let p as Requests.Queue: self = .queue(p)
        case let p as Requests.OperationCounts: self = .opCounts(p)
        case let p as Requests.ImportOrders: self = .importOrders(p)
        case let p as Requests.OrderAdd: self = .orderAdd(p)
        case let p as Requests.OrderPriority: self = .orderPriority(p)
        case let p as Requests.OrderCancel: self = .orderCancel(p)
        case let p as Requests.OperationStart: self = .opStart(p)
        case let p as Requests.OperationPause: self = .opPause(p)
        case let p as Requests.OperationFinish: self = .opFinish(p)
        case let p as Requests.LotQuery: self = .lot(p)
        case let p as Requests.LotReceive: self = .lotReceive(p)
        case let p as Requests.LotProduce: self = .lotProduce(p)
        case let p as Requests.LotSplit: self = .lotSplit(p)
        case let p as Requests.LotMerge: self = .lotMerge(p)
        case let p as Requests.LotShip: self = .lotShip(p)
        case let p as Requests.TraceQuery: self = .trace(p)
        case let p as Requests.Holds: self = .holds(p)
        case let p as Requests.HoldPlace: self = .holdPlace(p)
        case let p as Requests.HoldRelease: self = .holdRelease(p)
        default: preconditionFailure("\(Swift.type(of: payload)) is not listed in ConsoleRequest")
        }
    }

    public var type: String { Swift.type(of: payload).type }
    public var permission: Permission { Swift.type(of: payload).permission }

    /// The wire types of the requests a permission allows, for docs/roles.md.
    public static func types(needing p: Permission) -> [String] {
        payloads.filter { $0.permission == p }.map { $0.type }
    }
}

/// A request as it travels: `{"type": …, "id": …, <the payload's fields>}` on one line.
public struct RequestEnvelope: Sendable, Equatable {
    public var id: Int?
    public var request: ConsoleRequest

    public init(id: Int?, _ request: ConsoleRequest) {
        self.id = id
        self.request = request
    }

    public init<P: ConsoleRequestPayload>(id: Int?, _ payload: P) {
        self.init(id: id, ConsoleRequest(payload))
    }

    private enum Key: String, CodingKey { case type, id }

    private static let decoders: [String: @Sendable (any Decoder) throws -> ConsoleRequest] = {
        var out: [String: @Sendable (any Decoder) throws -> ConsoleRequest] = [:]
        for p in ConsoleRequest.payloads {
            out[p.type] = { decoder in ConsoleRequest(try p.init(from: decoder)) }
        }
        return out
    }()

    /// Reads one request line. Errors name what is wrong for people and scripts alike:
    /// `bad_request` (not a JSON object, no type, a field missing or of the wrong type, naming it)
    /// or `unknown_request` (naming the type). The id is kept when it could be read.
    public static func decode(_ line: Data, lineNumber: Int) -> Result<RequestEnvelope, RequestDecodingError> {
        let header: (type: String?, id: Int?)
        do {
            header = try JSONDecoder().decode(Header.self, from: line).pair
        } catch {
            return .failure(
                RequestDecodingError(
                    id: nil, error: ProtocolError(code: "bad_request", message: "message \(lineNumber) is not a request object: \(describe(error))")))
        }
        guard let type = header.type else {
            return .failure(
                RequestDecodingError(id: header.id, error: ProtocolError(code: "bad_request", message: "message \(lineNumber) has no \"type\"")))
        }
        guard let decode = decoders[type] else {
            return .failure(
                RequestDecodingError(id: header.id, error: ProtocolError(code: "unknown_request", message: "unknown request type \"\(type)\"")))
        }
        do {
            let request = try JSONDecoder().decode(Payload.self, from: line, userInfo: decode).request
            return .success(RequestEnvelope(id: header.id, request))
        } catch {
            return .failure(RequestDecodingError(id: header.id, error: ProtocolError(code: "bad_request", message: "\(type): \(describe(error))")))
        }
    }

    /// The request as one line of JSON (without the newline).
    public func encoded() throws -> Data {
        try JSONEncoder().encode(self)
    }

    /// A DecodingError in a person's words, naming the field.
    public static func describe(_ error: any Error) -> String {
        guard let d = error as? DecodingError else { return "\(error)" }
        func path(_ c: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
            let keys = (c.codingPath + (last.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return "\"" + keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "\""
        }
        switch d {
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not JSON (\(c.debugDescription))" : "\(path(c)) is not valid: \(c.debugDescription)"
        case .keyNotFound(let k, let c): return "missing \(path(c, k))"
        case .typeMismatch(let t, let c): return "\(path(c)) must be \(Self.kind(t))"
        case .valueNotFound(let t, let c): return "\(path(c)) must be \(Self.kind(t)), not null"
        @unknown default: return "\(d)"
        }
    }

    private static func kind(_ t: Any.Type) -> String {
        switch t {
        case is Int.Type, is Int64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default: return t == [LotQuantity].self ? "a list of lots" : "\(t)"
        }
    }

    private struct Header: Decodable {
        var type: String?
        var id: Int?
        var pair: (String?, Int?) { (type, id) }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            type = try? c.decode(String.self, forKey: .type)  // a missing or odd type is reported by the caller
            id = try? c.decode(Int.self, forKey: .id)  // an odd id leaves the reply without one, as for no id
        }
    }

    /// Decodes the payload the type named, through the decoder passed in `userInfo`.
    private struct Payload: Decodable {
        var request: ConsoleRequest
        init(from decoder: any Decoder) throws {
            guard let decode = decoder.userInfo[.requestDecoder] as? @Sendable (any Decoder) throws -> ConsoleRequest else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no request decoder"))
            }
            request = try decode(decoder)
        }
    }
}

extension CodingUserInfoKey {
    fileprivate static let requestDecoder = CodingUserInfoKey(rawValue: "gemba.requestDecoder")!
}

extension JSONDecoder {
    fileprivate func decode<T: Decodable>(
        _ type: T.Type, from data: Data, userInfo decode: @escaping @Sendable (any Decoder) throws -> ConsoleRequest
    ) throws -> T {
        let d = JSONDecoder()
        d.userInfo[.requestDecoder] = decode
        return try d.decode(type, from: data)
    }
}

extension RequestEnvelope: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(request.type, forKey: .type)
        try c.encodeIfPresent(id, forKey: .id)
        try request.payload.encode(to: encoder)
    }
}

/// A request line the daemon could not read, with the id to answer it under.
public struct RequestDecodingError: Error, Sendable, Equatable {
    public var id: Int?
    public var error: ProtocolError
}
