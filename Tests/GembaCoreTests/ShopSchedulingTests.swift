import Foundation
import GembaCore
import Testing

/// The scheduling engine on published instances. Limits are in moves, not seconds:
/// the same result on any machine, and no timed test.
struct ShopSchedulingTests {
    static func instance(_ kind: String, _ name: String) throws -> ShopInstance {
        let text = try Fixtures.text("\(kind)/\(name).txt")
        return kind == "jssp" ? try ShopInstance.parseJSSP(text, name: name) : try ShopInstance.parseFJSP(text, name: name)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func ft06ReachesItsOptimumOf55(seed: UInt64) throws {
        let ft06 = try Self.instance("jssp", "ft06")
        let s = ShopTabuSearch.solve(ft06, seed: seed, limits: SearchLimits(iterations: 50_000))
        #expect(s.makespan == 55)
        #expect(ScheduleChecker.violations(s.operations, instance: ft06) == [])
        #expect(ScheduleChecker.makespan(s.operations) == 55)
    }

    @Test func everyReturnedScheduleIsFeasibleAndNoWorseThanItsStart() throws {
        for (kind, name) in [("jssp", "la01"), ("jssp", "ft10"), ("jssp", "abz5"), ("fjsp", "mk01"), ("fjsp", "mk04")] {
            let inst = try Self.instance(kind, name)
            let s = ShopTabuSearch.solve(inst, seed: 7, limits: SearchLimits(iterations: 3_000))
            #expect(ScheduleChecker.violations(s.operations, instance: inst) == [], "\(name)")
            #expect(s.operations.count == inst.operationCount)
            #expect(ScheduleChecker.makespan(s.operations) == s.makespan, "\(name)")
            #expect(s.makespan <= s.initialMakespan, "\(name)")
            #expect(s.makespan >= inst.trivialLowerBound, "\(name)")
        }
    }

    @Test func theSameSeedMakesTheSameSchedule() throws {
        let inst = try Self.instance("fjsp", "mk01")
        let a = ShopTabuSearch.solve(inst, seed: 42, limits: SearchLimits(iterations: 2_000))
        let b = ShopTabuSearch.solve(inst, seed: 42, limits: SearchLimits(iterations: 2_000))
        #expect(a == b)
    }

    @Test func theCheckerCatchesOverlapAndBrokenPrecedence() throws {
        let ft06 = try Self.instance("jssp", "ft06")
        var ops = ShopTabuSearch.solve(ft06, seed: 1, limits: SearchLimits(iterations: 500)).operations
        let k = try #require(ops.firstIndex { $0.job == 0 && $0.index == 1 })
        ops[k].start = 0
        let problems = ScheduleChecker.violations(ops, instance: ft06)
        #expect(problems.contains { $0.contains("operation 0.1 starts at 0 before 0.0 ends") }, "\(problems)")
        ops.removeLast()
        #expect(ScheduleChecker.violations(ops, instance: ft06).contains { $0.contains("is missing") })
    }

    @Test func badInstanceFilesAreRefusedWithTheirLine() {
        #expect(throws: ShopInstance.ParseError(line: 2, message: "job 0: machine 7 is not in 0..1")) {
            try ShopInstance.parseJSSP("2 2\n7 3 1 4\n0 1 1 1\n")
        }
        #expect(throws: ShopInstance.ParseError(line: 3, message: "expected 2 job lines, found 1")) {
            try ShopInstance.parseJSSP("2 2\n0 3 1 4\n")
        }
        #expect(throws: ShopInstance.ParseError(line: 2, message: "job 0: the line ends where a duration was expected")) {
            try ShopInstance.parseFJSP("1 2 1\n1 1 2\n")
        }
    }

    /// Found by trying: a decimal duration was called negative, and durations of 2^62
    /// crashed the search with an overflow; a million machines were laid out before reading on.
    @Test func wordsHugeDurationsAndMachineCountsAreRefusedWithTheirLine() throws {
        #expect(throws: ShopInstance.ParseError(line: 2, message: "\"3.5\" is not a whole number (or one too large)")) {
            try ShopInstance.parseJSSP("1 2\n0 3.5 1 4\n")
        }
        #expect(throws: ShopInstance.ParseError(line: 2, message: "\"99999999999999999999\" is not a whole number (or one too large)")) {
            try ShopInstance.parseFJSP("1 2 1\n1 1 1 99999999999999999999\n")
        }
        #expect(throws: ShopInstance.ParseError(line: 2, message: "job 0: duration 4611686018427387904 is above 1000000000")) {
            try ShopInstance.parseJSSP("1 2\n0 4611686018427387904 1 4611686018427387904\n")
        }
        #expect(throws: ShopInstance.ParseError(line: 1, message: "1000000000000 machines: at most 100000")) {
            try ShopInstance.parseJSSP("1 1000000000000\n0 5\n")
        }
        // A file saved on Windows reads as the same instance.
        let windows = try ShopInstance.parseJSSP("2 2\r\n0 3 1 4\r\n1 1 0 1\r\n")
        let unix = try ShopInstance.parseJSSP("2 2\n0 3 1 4\n1 1 0 1\n")
        #expect(windows.jobs.map { $0.map { $0.map(\.duration) } } == unix.jobs.map { $0.map { $0.map(\.duration) } })
        #expect(windows.jobs.map { $0.map { $0.map(\.machine) } } == unix.jobs.map { $0.map { $0.map(\.machine) } })
        // Brandimarte's third header number is an average, often a decimal: still read.
        #expect((try? ShopInstance.parseFJSP("1 2 1.5\n1 2 1 3 2 4\n"))?.jobs.count == 1)
    }
}
