import ArgumentParser
import OCPPDiagnostics

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema (draft-07) of rule files, for editors and CI.",
        discussion: """
            Point an editor at it for completion and checking as you type: in a rule file, the first line \
            '# yaml-language-server: $schema=<path to rules.schema.json>'; in VS Code with the YAML \
            extension, "yaml.schemas": {"<path>/rules.schema.json": "Rules/**/*.yaml"}. The repository \
            keeps a copy in docs/rules.schema.json. ocpp-diag lint still checks what a schema cannot.
            """)

    func run() throws {
        Output.out(RuleSchema.text)
    }
}
