import Foundation
import Testing

@testable import OCPPDiagnostics

/// The rule-file JSON Schema: the committed copy is what `ocpp-diag schema` prints, and the
/// shipped rules validate against it with a real draft-07 validator.
///
/// Validation uses Python's `jsonschema` (the reference implementation most editors and CI
/// tools agree with) and PyYAML, run as a subprocess; a hand-written validator in Swift
/// would test the schema against our own reading of the spec. Without them the two
/// validation tests are skipped and say so; `.ci/run` installs them.
@Suite struct SchemaTests {
    static let committed = packageRoot.appendingPathComponent("docs/rules.schema.json")

    @Test func committedCopyIsWhatTheCommandPrints() throws {
        let file = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(file == RuleSchema.text, "docs/rules.schema.json is stale: run 'ocpp-diag schema > docs/rules.schema.json'")
        let r = try CLI.run(["schema"])
        #expect(r.status == 0)
        #expect(r.stdout == file)
    }

    @Test func schemaIsJSONAndNamesTheVocabularies() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(RuleSchema.text.utf8)) as? [String: Any])
        #expect(object["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        let text = RuleSchema.text
        for word in OCPPVocabulary.statuses + OCPPVocabulary.errorCodes + Action.names {
            #expect(text.contains("\"\(word)\""), "\(word)")
        }
    }

    /// YAML read the way editors read it (YAML 1.2: timestamps stay strings, only true/false are booleans).
    static let validator = #"""
        import json, re, sys
        import yaml, jsonschema
        class Loader(yaml.SafeLoader):
            pass
        Loader.yaml_implicit_resolvers = {
            k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
            for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
        Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft7Validator.check_schema(schema)
        validator = jsonschema.Draft7Validator(schema)
        bad = 0
        for path in sys.argv[2:]:
            with open(path) as f:
                document = yaml.load(f, Loader=Loader)
            for error in sorted(validator.iter_errors(document), key=str):
                bad += 1
                print("%s: /%s: %s" % (path, "/".join(map(str, error.absolute_path)), error.message))
        print("%d files, %d errors" % (len(sys.argv) - 2, bad))
        sys.exit(1 if bad else 0)
        """#

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let pythonHasValidator: Bool = (try? python(["-c", "import jsonschema, yaml"]).status) == 0

    static func ruleFiles() -> [String] {
        let root = packageRoot.appendingPathComponent("Rules").path
        let found = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { root + "/" + $0 }
    }

    @Test(.enabled(if: pythonHasValidator, "needs python3 with jsonschema and PyYAML (pip install jsonschema pyyaml)"))
    func shippedRulesValidate() throws {
        let files = Self.ruleFiles()
        #expect(files.count >= 10)
        let r = try Self.python(["-c", Self.validator, Self.committed.path] + files)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.hasSuffix("\(files.count) files, 0 errors\n"))
    }

    @Test(.enabled(if: pythonHasValidator, "needs python3 with jsonschema and PyYAML (pip install jsonschema pyyaml)"))
    func schemaCatchesTyposAnEditorShouldUnderline() throws {
        let bad = try temporaryFile("bad.yaml", """
            rules:
              - id: typo
                when: { status: Faultd, errorCod: GroundFailure }
                history:
                  - count: { type: Reset }
                    atLeast: 1
                for: 15 minutes
                then: { cause: c, action: reboot }

            """)
        let r = try Self.python(["-c", Self.validator, Self.committed.path, bad])
        #expect(r.status == 1)
        for expected in ["'Faultd'", "'errorCod'", "'within' is a required property", "'15 minutes' does not match", "'reboot' is not one of"] {
            #expect(r.output.contains(expected), "\(expected) in \(r.output)")
        }
    }
}
