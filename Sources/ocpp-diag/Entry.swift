import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

@main
struct Entry {
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        raiseOpenFileLimit()
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
            Output.err(usageError(error) + "\n")
            Foundation.exit(2)
        }
    }
}

/// A usage error on one line, as every other error (the parser's own message comes with the
/// usage text over several lines; `--help` shows that).
func usageError(_ error: Error) -> String {
    var text: [String] = [], choices: [String] = []
    for line in OCPPDiag.message(for: error).split(whereSeparator: \.isNewline) {
        let part = line.trimmingCharacters(in: .whitespaces)
        if part.hasPrefix("- ") { choices.append(String(part.dropFirst(2))) } else if !part.isEmpty { text.append(part) }
    }
    var message = text.joined(separator: " ")
    if message.hasPrefix("Error: ") { message.removeFirst(7) }
    if !choices.isEmpty { message += " " + choices.joined(separator: ", ") }
    // Point at the subcommand's own help when the command line names one.
    let names = OCPPDiag.configuration.subcommands.map { $0._commandName }
    let command = CommandLine.arguments.dropFirst().first.flatMap { names.contains($0) ? "ocpp-diag \($0)" : nil } ?? "ocpp-diag"
    return "error: \(message) (see '\(command) --help')"
}

/// A fleet's logs are often one file per charger, all read at once (and once per thread):
/// lift the soft limit on open files to the hard one, as far as the system allows.
func raiseOpenFileLimit() {
    #if os(Linux)
    let resource = Int32(RLIMIT_NOFILE.rawValue)
    #else
    let resource = RLIMIT_NOFILE
    #endif
    var limit = rlimit()
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(resource, &limit)  // best effort: a refusal leaves the old limit
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
