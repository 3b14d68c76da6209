/// The JSON Schema (draft-07) of rule files, for editors (yaml-language-server) and CI.
///
/// Built from the same vocabularies and key lists the loader checks, so it cannot fall
/// behind them. The loader remains the authority: it also checks what a schema cannot
/// express (duplicate rule ids, unknown placeholders, regex syntax, test references).
/// The schema accepts the typed scalars an editor's YAML parser produces (`priority: 90`
/// is a number, `statusChanged: true` a boolean) as well as strings.
public enum RuleSchema {
    /// The schema as pretty-printed JSON text, ending with a newline.
    public static var text: String { pretty(schema, indent: "") + "\n" }

    static func obj(_ members: [(String, JSONValue)]) -> JSONValue { .object(members) }
    static func str(_ s: String) -> JSONValue { .string(s) }
    static func ref(_ name: String) -> JSONValue { obj([("$ref", str("#/definitions/\(name)"))]) }
    static func strings(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
    static func types(_ list: [String]) -> JSONValue { list.count == 1 ? str(list[0]) : strings(list) }
    static func enumOf(_ words: [String], _ description: String) -> JSONValue {
        obj([("type", str("string")), ("enum", strings(words)), ("description", str(description))])
    }

    /// A condition on a field: a value, a list (any of), or a map of operators.
    static func condition(_ name: String, value: JSONValue, textual: Bool, numeric: Bool) -> (String, JSONValue) {
        var ops: [(String, JSONValue)] = [("not", ref(name))]
        if textual {
            for op in ["regex", "prefix", "contains"] { ops.append((op, obj([("type", types(["string", "number"]))]))) }
        }
        if numeric {
            for op in Comparison.allCases { ops.append((op.rawValue, obj([("type", str("number"))]))) }
        }
        ops.append(("exists", obj([("type", str("boolean"))])))
        let operators = obj([
            ("type", str("object")), ("minProperties", .number(1)), ("additionalProperties", .bool(false)),
            ("properties", obj(ops)),
        ])
        let list = obj([("type", str("array")), ("minItems", .number(1)), ("items", ref(name))])
        return (name, obj([("anyOf", .array([value, list, operators]))]))
    }

    static var matcherProperties: [(String, JSONValue)] {
        [
            ("type", ref("typeCondition")), ("messageType", ref("messageTypeCondition")),
            ("direction", ref("directionCondition")), ("status", ref("statusCondition")),
            ("errorCode", ref("errorCodeCondition")), ("vendorId", ref("textCondition")),
            ("vendorErrorCode", ref("numericTextCondition")), ("info", ref("numericTextCondition")),
            ("connectorId", ref("integerCondition")), ("chargePointId", ref("textCondition")),
            ("statusChanged", ref("booleanCondition")),
        ]
    }

    static var schema: JSONValue {
        let scalar = obj([("type", types(["string", "number", "boolean"]))])
        let duration = obj([
            ("type", str("string")), ("pattern", str("^([0-9]+(ms|s|m|h|d|w))+$")),
            ("description", str("30s, 15m, 2h, 1d, or a sum such as 1h30m")),
        ])
        let matcher = obj([
            ("type", str("object")),
            ("description", str("Field conditions that must all hold; {} matches every event.")),
            ("properties", obj(matcherProperties)),
            ("patternProperties", obj([("^payload\\.[^.]+(\\.[^.]+)*$", ref("payloadCondition"))])),
            ("additionalProperties", .bool(false)),
        ])
        let count = obj([("type", str("integer")), ("minimum", .number(0))])
        let history = obj([
            ("type", str("object")),
            ("properties", obj([
                ("count", ref("matcher")), ("previous", ref("matcher")),
                ("sequence", obj([("type", str("array")), ("minItems", .number(1)), ("items", ref("matcher"))])),
                ("within", ref("duration")), ("atLeast", count), ("atMost", count),
                ("scope", enumOf(Scope.allCases.map(\.rawValue), "connector (default) or the whole chargePoint")),
            ])),
            ("additionalProperties", .bool(false)),
            ("oneOf", .array(["count", "previous", "sequence"].map { obj([("required", strings([$0]))]) })),
            ("allOf", .array([
                obj([("if", obj([("required", strings(["count"]))])),
                     ("then", obj([("required", strings(["within"])),
                                   ("anyOf", .array([obj([("required", strings(["atLeast"]))]), obj([("required", strings(["atMost"]))])]))]))]),
                obj([("if", obj([("required", strings(["sequence"]))])), ("then", obj([("required", strings(["within"]))]))]),
                obj([("if", obj([("not", obj([("required", strings(["count"]))]))])),
                     ("then", obj([("not", obj([("anyOf", .array([obj([("required", strings(["atLeast"]))]), obj([("required", strings(["atMost"]))])]))]))]))]),
            ])),
        ])
        let then = obj([
            ("type", str("object")),
            ("required", strings(["cause", "action"])),
            ("properties", obj([
                ("cause", obj([("type", str("string"))])),
                ("action", enumOf(Action.names, "the recommended action")),
                ("severity", enumOf(Severity.names, "default medium")),
                ("message", obj([("type", str("string")),
                                 ("description", str("placeholders: " + MessageTemplate.Placeholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: " ")))])),
            ])),
            ("additionalProperties", .bool(false)),
        ])
        let rule = obj([
            ("type", str("object")),
            ("required", strings(["id", "when", "then"])),
            ("properties", obj([
                ("id", obj([("type", str("string")), ("pattern", str("^[a-z0-9][a-z0-9-]*$"))])),
                ("title", obj([("type", str("string"))])),
                ("description", obj([("type", str("string"))])),
                ("priority", obj([("type", str("integer")), ("description", str("higher wins; default 0"))])),
                ("tags", obj([("type", str("array")), ("items", obj([("type", types(["string", "number", "boolean"]))]))])),
                ("when", ref("matcher")),
                ("history", obj([("type", str("array")), ("items", ref("historyClause"))])),
                ("for", ref("duration")),
                ("then", ref("then")),
            ])),
            ("additionalProperties", .bool(false)),
        ])
        let at = obj([("type", str("string")), ("pattern", str("^(\\+([0-9]+(ms|s|m|h|d|w))+|[0-9]{4}-.+)$")),
                      ("description", str("an ISO 8601 time, or +duration after the previous event"))])
        let testEvent = obj([
            ("type", str("object")),
            ("properties", obj([
                ("at", at),
                ("type", enumOf(OCPPVocabulary.actions, "OCPP action")),
                ("messageType", enumOf(MessageType.allCases.map(\.rawValue), "call (default), result or error")),
                ("direction", enumOf(Direction.allCases.map(\.rawValue), "in: charge point to central system")),
                ("chargePointId", obj([("type", types(["string", "number"]))])),
                ("connectorId", count),
                ("status", enumOf(OCPPVocabulary.statuses, "connector status")),
                // Free text: tests may replay the non-standard codes real chargers send ("Error").
                ("errorCode", obj([("type", str("string")), ("description", str("OCPP error code, or a non-standard one a charger sends"))])),
                ("vendorId", scalar), ("vendorErrorCode", scalar), ("info", scalar),
                ("payload", obj([("type", str("object"))])),
                ("reportedAt", obj([("type", str("string"))])),
            ])),
            ("additionalProperties", .bool(false)),
        ])
        let expectation = obj([
            ("type", str("object")),
            ("required", strings(["event"])),
            ("properties", obj([
                ("event", count),
                ("ruleId", obj([("type", str("string"))])),
                ("action", enumOf(Action.names, "expected action")),
                ("severity", enumOf(Severity.names, "expected severity")),
                ("message", obj([("type", str("string"))])),
            ])),
            ("additionalProperties", .bool(false)),
        ])
        let test = obj([
            ("type", str("object")),
            ("required", strings(["name", "events"])),
            ("properties", obj([
                ("name", obj([("type", str("string"))])),
                ("chargePointId", obj([("type", types(["string", "number"]))])),
                ("connectorId", count),
                ("events", obj([("type", str("array")), ("items", ref("testEvent"))])),
                ("expect", obj([("type", str("array")), ("items", ref("expectation"))])),
                ("expectNoOtherDiagnoses", obj([("type", str("boolean"))])),
            ])),
            ("additionalProperties", .bool(false)),
        ])
        let definitions: [(String, JSONValue)] = [
            ("duration", duration), ("matcher", matcher), ("historyClause", history), ("then", then), ("rule", rule),
            ("testEvent", testEvent), ("expectation", expectation), ("test", test),
            condition("typeCondition", value: enumOf(OCPPVocabulary.actions, "OCPP action"), textual: true, numeric: false),
            condition("messageTypeCondition", value: enumOf(MessageType.allCases.map(\.rawValue), "message type"), textual: true, numeric: false),
            condition("directionCondition", value: enumOf(Direction.allCases.map(\.rawValue), "direction"), textual: true, numeric: false),
            condition("statusCondition", value: enumOf(OCPPVocabulary.statuses, "connector status"), textual: true, numeric: false),
            condition("errorCodeCondition", value: enumOf(OCPPVocabulary.errorCodes, "OCPP error code"), textual: true, numeric: false),
            condition("textCondition", value: obj([("type", types(["string", "number", "boolean"]))]), textual: true, numeric: false),
            condition("numericTextCondition", value: obj([("type", types(["string", "number", "boolean"]))]), textual: true, numeric: true),
            condition("integerCondition", value: obj([("type", str("integer"))]), textual: false, numeric: true),
            condition("booleanCondition", value: obj([("type", str("boolean"))]), textual: false, numeric: false),
            condition("payloadCondition", value: scalar, textual: true, numeric: true),
        ]
        return obj([
            ("$schema", str("http://json-schema.org/draft-07/schema#")),
            ("title", str("ocpp-diag rule file")),
            ("description", str("Rules (and their tests) for the ocpp-diag fault-diagnosis engine. `ocpp-diag lint` checks what a schema cannot.")),
            ("type", str("object")),
            ("properties", obj([
                ("rules", obj([("type", str("array")), ("items", ref("rule"))])),
                ("tests", obj([("type", str("array")), ("items", ref("test"))])),
            ])),
            ("additionalProperties", .bool(false)),
            ("definitions", obj(definitions)),
        ])
    }

    /// JSON with two-space indentation; short arrays of scalars stay on one line.
    static func pretty(_ v: JSONValue, indent: String) -> String {
        let inner = indent + "  "
        switch v {
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { k, item in
                inner + JSONValue.string(k).jsonText + ": " + pretty(item, indent: inner)
            }.joined(separator: ",\n") + "\n" + indent + "}"
        case .array(let items):
            let scalars = items.allSatisfy { if case .object = $0 { false } else if case .array = $0 { false } else { true } }
            if scalars {
                let line = "[" + items.map(\.jsonText).joined(separator: ", ") + "]"
                if line.count + indent.count <= 100 { return line }
            }
            return "[\n" + items.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        default:
            return v.jsonText
        }
    }
}
