import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

@main
struct Entry {
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try OCPPDiag.parseAsRoot()
            try command.run()
            Output.flush()
        } catch let failure as CLIError {
            Output.flush()
            Output.err("error: \(failure.message)\n")
            Foundation.exit(failure.code)
        } catch let exit as ExitCode {
            Output.flush()
            Foundation.exit(exit.rawValue)
        } catch {
            // Help and version requests are not errors; anything else from parsing is a usage error (exit 2).
            let code = OCPPDiag.exitCode(for: error)
            if code == .success {
                Output.out(OCPPDiag.fullMessage(for: error) + "\n")
                Output.flush()
                Foundation.exit(0)
            }
            Output.flush()
            Output.err(OCPPDiag.fullMessage(for: error) + "\n")
            Foundation.exit(2)
        }
    }
}

struct OCPPDiag: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocpp-diag",
        abstract: "Diagnose EV charger faults from OCPP logs with YAML rules.",
        version: "0.1.0",
        subcommands: [Analyze.self, Lint.self, Test.self, Diagnose.self, Explain.self, Diff.self, Schema.self],
        defaultSubcommand: nil
    )
}
