import ArgumentParser
import OCPPDiagnostics

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the rule tests written in the packs; ends with 'N passed, M failed'.")

    @Argument(help: ArgumentHelp("Rule packs; the built-in pack if none.", valueName: "pack"))
    var packs: [String] = []

    @Flag(name: .shortAndLong, help: "Also list passing tests.")
    var verbose = false

    func run() throws {
        let pack = try PackLoading.load(packs)
        let results = RuleTestRunner.run(pack)
        var passed = 0, failed = 0
        for r in results {
            if r.passed {
                passed += 1
                if verbose { Output.out("PASS \(r.name)\n") }
            } else {
                failed += 1
                Output.out("FAIL \(r.name) (\(r.location))\n")
                for f in r.failures { Output.out("     \(f)\n") }
            }
        }
        Output.out("\(passed) passed, \(failed) failed\n")
        if failed > 0 { throw ExitCode(1) }
    }
}
