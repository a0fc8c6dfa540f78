import GembaCore
import GembaPlantFile
import Testing

struct AlarmConfigTests {
    static let issueExample =
        PlantConfigLoaderTests.example + """

            console_group: gemba
            roles:
              shift_lead: [alice, "group:leads"]
              supervisor: [bob]
              operator: ["group:operators"]
              unknown_users: none
            alarms:
              - id: press-01-oil-hot
                machine: press-01
                when: { value: oil_temp, above: 80, deadband: 2, on_delay: 0s }
                priority: high
                message: Oil temperature high
              - id: press-01-long-stop
                machine: press-01
                when: { state: down, longer_than: 10m }
                priority: medium
                message: Press 01 down for more than 10 minutes
            """

    @Test func theIssueExampleLoadsRolesAndAlarms() throws {
        let c = try PlantConfigLoader.load(yaml: Self.issueExample, file: "plant.yaml")
        #expect(c.access.consoleGroup == "gemba")
        #expect(c.access.roles[.shiftLead] == [.user("alice"), .group("leads")])
        #expect(c.access.roles[.supervisor] == [.user("bob")])
        #expect(c.access.roles[.lineOperator] == [.group("operators")])
        #expect(c.access.unknownUsers == nil)
        // The two alarms, and the value alarm's prediction (`prediction:` on by default).
        #expect(c.alarms.map(\.id) == ["press-01-oil-hot", "press-01-long-stop", "predicted-press-01-oil-hot"])
        #expect(c.alarms[0].condition == .limit(value: "oil_temp", kind: .hi, limit: 80, deadband: 2))
        #expect(c.alarms[0].priority == .high)
        #expect(c.alarms[1].condition == .stateLonger(state: .down, longerThan: 600))
    }

    @Test func rolesComeFromUsersGroupsAndTheDaemonsOwnUser() throws {
        let c = try PlantConfigLoader.load(yaml: Self.issueExample, file: "plant.yaml")
        let a = c.access
        #expect(a.roles(user: "alice", uid: 1001, groups: ["alice"], daemonUID: 999) == [.shiftLead])
        #expect(a.roles(user: "carol", uid: 1003, groups: ["carol", "leads"], daemonUID: 999) == [.shiftLead])
        #expect(a.roles(user: "dave", uid: 1004, groups: ["operators"], daemonUID: 999) == [.lineOperator])
        #expect(a.roles(user: "eve", uid: 1005, groups: ["eve"], daemonUID: 999).isEmpty, "unknown users: none")
        #expect(a.roles(user: "root", uid: 0, groups: [], daemonUID: 999) == [.admin])
        #expect(a.roles(user: "gemba", uid: 999, groups: [], daemonUID: 999) == [.admin])
        var open = a
        open.unknownUsers = .lineOperator
        #expect(open.roles(user: "eve", uid: 1005, groups: [], daemonUID: 999) == [.lineOperator])
    }

    @Test func theRoleMatrixGivesAcknowledgeToLeadsAndUpOnly() {
        #expect(!RoleMatrix.allows([.lineOperator], .acknowledgeAlarm))
        #expect(RoleMatrix.allows([.shiftLead], .acknowledgeAlarm))
        #expect(RoleMatrix.allows([.supervisor], .shelveAlarm))
        #expect(RoleMatrix.allows([.lineOperator], .classifyDowntime))
        #expect(!RoleMatrix.allows([.quality], .acknowledgeAlarm))
        #expect(!RoleMatrix.allows([], .view))
    }

    func errors(_ tail: String) -> [String] {
        do {
            _ = try PlantConfigLoader.load(yaml: PlantConfigLoaderTests.example + "\n" + tail, file: "plant.yaml")
            return []
        } catch {
            return error.errors.map { "\($0.line): \($0.message)" }
        }
    }

    @Test func badAlarmDefinitionsAreRefusedWithTheirLine() {
        let e = errors(
            """
            alarms:
              - id: a1
                machine: press-09
                when: { value: oil_temp, above: 80 }
                priority: high
                message: x
              - id: a2
                machine: press-01
                when: { value: oil_temp, above: 80, below: 10 }
                priority: urgent
                message: y
              - id: a1
                machine: press-01
                when: { state: sleeping, longer_than: 1m }
                priority: low
                message: z
              - id: a4
                machine: press-01
                when: { reject_rate: 150%, window: 10m }
                priority: low
                message: w
            """)
        let lines = PlantConfigLoaderTests.example.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        #expect(e.contains { $0.hasPrefix("\(lines + 2): alarm \"a1\" watches machine \"press-09\"") }, "\(e)")
        #expect(e.contains { $0.contains("exactly one limit") }, "\(e)")
        #expect(e.contains { $0.hasPrefix("\(lines + 9): priority must be one of") }, "\(e)")
        #expect(e.contains { $0.hasPrefix("\(lines + 11): duplicate alarm id \"a1\"") }, "\(e)")
        #expect(e.contains { $0.contains("state must be a machine state") }, "\(e)")
        #expect(e.contains { $0.contains("reject_rate must be a fraction below 1") }, "\(e)")
    }

    @Test func unknownRolesAreRefused() {
        let e = errors("roles:\n  foreman: [alice]\n  unknown_users: everyone\n")
        #expect(e.contains { $0.contains("unknown role \"foreman\"") }, "\(e)")
        #expect(e.contains { $0.contains("unknown_users must be none or one of") }, "\(e)")
    }
}
