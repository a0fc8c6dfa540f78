import Foundation
import GembaCore
import Testing

/// docs/roles.md prints the role matrix with the requests each permission allows; this keeps
/// it, `ConsoleRequest` and `RoleMatrix` in step.
struct RoleDocTests {
    @Test func theDocumentedMatrixIsTheEnforcedOne() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/roles.md"), encoding: .utf8)
        let header = try #require(text.split(separator: "\n").first { $0.hasPrefix("| permission |") })
        let columns = header.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let roles = columns.dropFirst(3).map { try? #require(Role(rawValue: $0)) }
        var seen: Set<Permission> = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let permission = try #require(Permission(rawValue: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))))
            seen.insert(permission)
            #expect(cells[1] == permission.summary, "\(permission)")
            #expect(cells[2] == ConsoleRequest.types(needing: permission).map { "`\($0)`" }.joined(separator: ", "), "requests of \(permission)")
            for (k, role) in roles.enumerated() {
                guard let role else { continue }
                #expect((cells[k + 3] == "yes") == RoleMatrix.allows([role], permission), "\(permission) for \(role)")
            }
        }
        #expect(seen == Set(Permission.allCases))
        #expect(Set(roles.compactMap { $0 }) == Set(Role.allCases))
    }
}
