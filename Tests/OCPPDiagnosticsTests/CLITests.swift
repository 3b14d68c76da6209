import Foundation
import Testing

/// Runs the built `ocpp-diag` binary as a user would.
struct CLI {
    static var binary: URL { tool("ocpp-diag") }

    /// A built executable of the package (test bundles and executables are built side by side).
    static func tool(_ name: String) -> URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/\(name)")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `environment` changes the test runner's own: a nil value removes the variable.
    static func run(_ arguments: [String], stdin: String? = nil, binary: URL = CLI.binary,
                    environment: [String: String?] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (name, value) in environment { merged[name] = value }
            process.environment = merged
        }
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

@Suite(.serialized) struct CLITests {
    @Test func aBinaryWithoutItsRulesFolderSaysSoAndStillTakesOtherRules() throws {
        // Installed without the resources folder beside it: one error line, not a stop.
        let lone = try temporaryDirectory().appendingPathComponent("ocpp-diag")
        try FileManager.default.copyItem(at: CLI.binary, to: lone)
        let missing = try CLI.run(["analyze", "Examples/fleet.jsonl"], binary: lone)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: the built-in rule pack is missing from this installation; pass --rules PATH\n")
        let own = try CLI.run(["analyze", "--format", "jsonl", "--rules", "Rules", "Examples/fleet.jsonl"], binary: lone)
        #expect(own.status == 0 && own.stdout.split(separator: "\n").count == 33, "\(own.stderr)")
    }

    @Test func theYAMLLibrarysEnvironmentSettingLeavesTheReportAlone() throws {
        // Yams reads YAMS_DEFAULT_ENCODING when not told an encoding, and prints a line to
        // standard output when it is set: the pack is read as UTF-8 whatever it says.
        let plain = try CLI.run(["analyze", "--format", "jsonl", "Examples/fleet.jsonl"], environment: ["YAMS_DEFAULT_ENCODING": nil])
        let set = try CLI.run(["analyze", "--format", "jsonl", "Examples/fleet.jsonl"], environment: ["YAMS_DEFAULT_ENCODING": "UTF16"])
        #expect(set.status == 0 && plain.status == 0)
        #expect(set.stdout == plain.stdout && !plain.stdout.isEmpty)
    }

    @Test func analyzeTheSampleWithTheBuiltInPack() throws {
        let r = try CLI.run(["analyze", "Examples/fleet.jsonl"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("power-switch-failure"))
        #expect(r.stdout.contains("lines skipped  0"))
    }

    @Test func diagnosesNamingNoConnectorComeBeforeConnectorMinusOne() throws {
        // -1 can be read from a log: it must not be taken for "no connector" when ordering,
        // whatever the order of the lines and the number of threads.
        func fault(_ id: String, _ connector: String) -> String {
            #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","direction":"in","message":[2,"\#(id)","StatusNotification",{\#(connector)"errorCode":"GroundFailure","status":"Faulted"}]}"#
        }
        let log = try temporaryFile("minus-one.jsonl", [fault("a", #""connectorId":-1,"#), fault("b", "")].joined(separator: "\n") + "\n")
        for threads in ["1", "2"] {
            let r = try CLI.run(["analyze", "--format", "jsonl", "--threads", threads, log])
            #expect(r.status == 0, "\(r.stderr)")
            let connectors = r.stdout.split(separator: "\n").map { line in
                line.contains(#""connectorId":-1"#) ? "-1" : line.contains(#""connectorId":null"#) ? "none" : "?"
            }
            #expect(connectors.first == "none" && connectors.last == "-1" && !connectors.contains("?"), "\(threads): \(r.stdout)")
        }
    }

    @Test func jsonlRecordsFollowTheDocumentedShape() throws {
        let r = try CLI.run(["analyze", "--format", "jsonl", "Examples/fleet.jsonl"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["chargePointId", "connectorId", "timestamp", "trigger", "ruleId", "cause", "action", "severity",
                        "message", "ocppCommand", "alternatives", "evidence", "rulesetHash"] {
                #expect(object.keys.contains(key), "missing \(key)")
            }
        }
        let inoperative = try #require(lines.first { $0.contains("\"ruleId\":\"power-switch-failure\"") })
        #expect(inoperative.contains(#""ocppCommand":["ChangeAvailability",{"connectorId":1,"type":"Inoperative"}]"#))
        #expect(String(lines[0]).hasPrefix(#"{"chargePointId":"#))
    }

    @Test func jsonSummaryBalances() throws {
        let r = try CLI.run(["analyze", "--format", "json", "Examples/fleet.jsonl"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        let read = summary["linesRead"] as? Int, used = summary["linesUsed"] as? Int
        let skipped = (summary["linesSkipped"] as? [String: Int])?.values.reduce(0, +)
        #expect(read != nil && read == (used ?? -1) + (skipped ?? -1))
        #expect((object["diagnoses"] as? [Any])?.count == summary["diagnoses"] as? Int)
    }

    @Test func stdinAndFailOn() throws {
        let line = #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","connectorId":1,"status":"Faulted","errorCode":"PowerSwitchFailure"}"#
        let r = try CLI.run(["analyze", "--format", "jsonl", "--fail-on", "critical", "-"], stdin: line + "\n")
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"source\":{\"file\":\"-\",\"line\":1}"))
        let ok = try CLI.run(["analyze", "--format", "jsonl", "--fail-on", "critical", "-"], stdin: line.replacingOccurrences(of: "PowerSwitchFailure", with: "NoError").replacingOccurrences(of: "Faulted", with: "Available") + "\n")
        #expect(ok.status == 0)
    }

    @Test func exitCodesForBadInput() throws {
        #expect(try CLI.run(["analyze", "no-such-file.jsonl"]).status == 66)
        let missing = try CLI.run(["analyze", "no-such-file.jsonl"])
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let damaged = try temporaryFile("d.jsonl", "{\"timestamp\":\"2026-03-01T08:00:00Z\",\"chargePointId\":\"A\",\"status\":\"Available\"}\n{broken\n")
        let lenient = try CLI.run(["analyze", damaged])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("d.jsonl:2: invalid-json"))
        let strict = try CLI.run(["analyze", "--strict", damaged])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("d.jsonl:2: invalid-json"))
        // Usage errors too are one line each.
        for arguments in [["analyze", "--format", "yaml", damaged], ["frobnicate"], ["analyze", "--bogus", damaged],
                          ["analyze", "--timezone", "Mars/Base", damaged], ["diagnose"]] {
            let usage = try CLI.run(arguments)
            #expect(usage.status == 2, "\(arguments)")
            #expect(usage.stderr.split(separator: "\n").count == 1 && usage.stderr.hasPrefix("error: "), "\(arguments): \(usage.stderr)")
        }
    }

    @Test func outputIsWrittenAtomically() throws {
        let dir = try temporaryDirectory()
        let target = dir.appendingPathComponent("report.json").path
        let r = try CLI.run(["analyze", "--format", "json", "--output", target, "Examples/fleet.jsonl"])
        #expect(r.status == 0 && r.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"])
        let failed = try CLI.run(["analyze", "--output", dir.appendingPathComponent("other.json").path, "missing.jsonl"])
        #expect(failed.status == 66)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"])
    }

    @Test func lintReportsPositionedErrorsAndExitsOne() throws {
        let file = try temporaryFile("bad.yaml", "rules:\n  - id: r\n    when: { status: Faultd }\n    then: { cause: c, action: monitor }\n")
        let r = try CLI.run(["lint", file])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.yaml:3:21: error: unknown status 'Faultd' [unknown-status]"))
        #expect(r.stderr.contains("did you mean 'Faulted'?"))
        let json = try CLI.run(["lint", "--format", "json", file])
        #expect(json.stdout.contains(#""line":3,"column":21,"severity":"error","code":"unknown-status""#))
        #expect(try CLI.run(["lint", "Rules"]).status == 0)
    }

    @Test func testCommandEndsWithTheCountLine() throws {
        let good = try CLI.run(["test", "Rules"])
        #expect(good.status == 0)
        #expect(good.stdout.hasSuffix(" passed, 0 failed\n"))
        let file = try temporaryFile("t.yaml", """
            rules:
              - id: r
                when: { status: Faulted }
                then: { cause: c, action: monitor }
            tests:
              - name: expects the wrong action
                events:
                  - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: OtherError }
                expect:
                  - { event: 0, ruleId: r, action: soft_reset }
            """)
        let bad = try CLI.run(["test", file])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("FAIL expects the wrong action"))
        #expect(bad.stdout.contains("expected rule 'r', action soft_reset, but diagnosed rule 'r', action monitor"))
        #expect(bad.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func diagnoseOneEventWithAndWithoutHistory() throws {
        let plain = try CLI.run(["diagnose", "--status", "Faulted", "--error-code", "PowerSwitchFailure", "--json"])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains(#""action":"set_inoperative""#))
        let withHistory = try CLI.run(["diagnose", "--status", "Faulted", "--error-code", "InternalError",
                                       "--history", "Examples/fleet.jsonl", "--charge-point", "CP-0003", "--at", "2026-03-01T11:10:20Z"])
        #expect(withHistory.stdout.contains("hard_reset"))
        #expect(try CLI.run(["diagnose"]).status == 2)
    }

    @Test func helpListsTheCommands() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("analyze"))
    }
}

@Suite(.serialized) struct ReportFormatTests {
    @Test(arguments: ["csv", "markdown", "html", "table"])
    func everyFormatNamesEveryDiagnosis(_ format: String) throws {
        let jsonl = try CLI.run(["analyze", "--format", "jsonl", "Examples/fleet.jsonl"])
        let ruleIds = Set(jsonl.stdout.split(separator: "\n").compactMap { line in
            line.range(of: #""ruleId":""#).map { line[$0.upperBound...].prefix { $0 != "\"" } }.map(String.init)
        })
        let r = try CLI.run(["analyze", "--format", format, "Examples/fleet.jsonl"])
        #expect(r.status == 0)
        for id in ruleIds { #expect(r.stdout.contains(id), "\(format) lacks \(id)") }
    }
}

@Suite(.serialized) struct SupportCLITests {
    @Test func diagnoseRefusesValuesOutsideTheVocabularyWithASuggestion() throws {
        let r = try CLI.run(["diagnose", "--status", "faulted", "--error-code", "GroundFailure"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("did you mean 'Faulted'?"))
        let allowed = try CLI.run(["diagnose", "--status", "Faulted", "--error-code", "Error", "--nonstandard", "--json"])
        #expect(allowed.status == 0)
    }

    @Test func diagnoseTakesABareFrameAsLogged() throws {
        let r = try CLI.run(["diagnose", "--json", "--event",
                             #"[2,"1","StatusNotification",{"connectorId":2,"errorCode":"PowerSwitchFailure","status":"Faulted"}]"#])
        #expect(r.status == 0)
        #expect(r.stdout.contains(#""ocppCommand":["ChangeAvailability",{"connectorId":2,"type":"Inoperative"}]"#))
    }

    @Test func aStatusWithoutAConnectorNeverTakesTheWholeChargerOutOfService() throws {
        let r = try CLI.run(["diagnose", "--json", "--event", #"{"status":"Faulted","errorCode":"PowerSwitchFailure"}"#])
        #expect(r.stdout.contains(#""action":"set_inoperative""#))
        #expect(r.stdout.contains(#""ocppCommand":null"#))
    }

    @Test func theBuiltInPackCanBeExtendedByName() throws {
        let mine = try temporaryFile("mine.yaml", """
            rules:
              - id: my-ground-rule
                priority: 500
                when: { status: Faulted, errorCode: GroundFailure }
                then: { cause: c, action: maintenance_ticket }
            """)
        let r = try CLI.run(["diagnose", "--rules", "builtin", "--rules", mine, "--status", "Faulted", "--error-code", "GroundFailure"])
        #expect(r.stdout.contains("(my-ground-rule)"))
        #expect(r.stdout.contains("ground-failure-first"))  // the built-in rule, now an alternative
    }

    @Test func sinceAfterUntilIsAUsageError() throws {
        let r = try CLI.run(["analyze", "--since", "2026-03-02T00:00:00Z", "--until", "2026-03-01T00:00:00Z", "Examples/fleet.jsonl"])
        #expect(r.status == 2)
    }
}
