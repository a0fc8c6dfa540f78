// Console request lines from anyone who can reach the socket: decoded into a typed request
// or refused with a reason; never a trap.
import Foundation
import GembaCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConsoleRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    switch RequestEnvelope.decode(Data(bytes: data, count: size), lineNumber: 1) {
    case .success(let envelope): _ = envelope.request.type
    case .failure(let error): _ = "\(error)"
    }
    return 0
}
