import Yams

/// Decodes `tests:` entries (DESIGN §6) into events the evaluator runs as it runs a log.
extension NodeReader {
    static let testKeys = ["name", "chargePointId", "connectorId", "events", "expect", "expectNoOtherDiagnoses"]
    static let testEventKeys = [
        "at", "type", "messageType", "direction", "chargePointId", "connectorId", "status", "errorCode",
        "vendorId", "vendorErrorCode", "info", "payload", "reportedAt",
    ]
    static let expectKeys = ["event", "ruleId", "action", "severity", "message"]

    /// Test events start here when the first one gives no absolute time.
    static let defaultTestStart = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)  // 2026-01-01T00:00:00Z

    /// Actions whose requests concern one connector; test events of these types get the test's `connectorId`.
    static let connectorActions: Set<String> = [
        "StatusNotification", "MeterValues", "StartTransaction", "UnlockConnector", "ChangeAvailability",
        "RemoteStartTransaction", "ReserveNow",
    ]

    func ruleTest(_ node: Node, depth: Int) -> RuleTest? {
        guard let entries = mapping(node, "a test", depth: depth) else { return nil }
        let nameEntry = entries.first { $0.key == "name" }
        let name = nameEntry.flatMap { string($0.value, "'name'", depth: depth + 1) }
        let what = name.map { "test '\($0)'" } ?? "a test"
        let keys = known(entries, allowed: NodeReader.testKeys, in: what)
        var ok = keys.count == entries.count && name != nil
        if nameEntry == nil { error("missing-key", "a test needs a 'name'", at: node) }

        var chargePointId = "CP-TEST"
        if let c = keys["chargePointId"] {
            if let s = string(c.value, "'chargePointId'", depth: depth + 1) { chargePointId = s } else { ok = false }
        }
        var connectorId = 1
        if let c = keys["connectorId"] {
            if let v = int(c.value, "'connectorId'", depth: depth + 1, minimum: 0) { connectorId = v } else { ok = false }
        }
        var events: [Event] = []
        var eventsWritten = 0
        if let e = keys["events"], let items = sequence(e.value, "'events'", depth: depth + 1) {
            eventsWritten = items.count
            var clock: Timestamp?
            for item in items {
                if let event = testEvent(item, previous: clock, chargePointId: chargePointId, connectorId: connectorId, depth: depth + 2) {
                    events.append(event)
                    clock = event.timestamp
                } else {
                    ok = false
                }
            }
        } else {
            if keys["events"] == nil { error("missing-key", "\(what) needs 'events'", at: node) }
            ok = false
        }
        var expectations: [RuleTest.Expectation] = []
        if let x = keys["expect"], let items = sequence(x.value, "'expect'", depth: depth + 1) {
            for item in items {
                guard let exp = expectation(item, eventCount: eventsWritten, depth: depth + 2) else { ok = false; continue }
                expectations.append(exp)
            }
        } else if keys["expect"] != nil {
            ok = false
        }
        var strict = false
        if let s = keys["expectNoOtherDiagnoses"] {
            if let b = bool(s.value, "'expectNoOtherDiagnoses'", depth: depth + 1) { strict = b } else { ok = false }
        }
        guard ok, let name else { return nil }
        return RuleTest(name: name, events: events, expectations: expectations, expectNoOtherDiagnoses: strict, location: location(node))
    }

    func testEvent(_ node: Node, previous: Timestamp?, chargePointId: String, connectorId: Int, depth: Int) -> Event? {
        guard let entries = mapping(node, "a test event", depth: depth) else { return nil }
        let keys = known(entries, allowed: NodeReader.testEventKeys, in: "a test event")
        var ok = keys.count == entries.count
        func text(_ key: String, _ check: (([String], String, String))? = nil) -> String? {
            guard let e = keys[key] else { return nil }
            guard let s = string(e.value, "'\(key)'", depth: depth + 1) else { ok = false; return nil }
            if let (words, code, what) = check, !vocabulary(s, words, code: code, what: what, at: e.value) { ok = false }
            return s
        }
        // Time: absolute, or "+duration" after the previous event.
        var time = previous.map { $0 + TimeSpan.seconds(1) } ?? NodeReader.defaultTestStart
        if let at = keys["at"], let s = string(at.value, "'at'", depth: depth + 1) {
            if s.hasPrefix("+") {
                if let d = TimeSpan.parse(String(s.dropFirst())) {
                    time = (previous ?? NodeReader.defaultTestStart) + d
                } else {
                    error("bad-duration", "expected '+' and a duration such as '+10m', found '\(s)'", at: at.value)
                    ok = false
                }
            } else if let t = Timestamp.parse(s) {
                time = t
            } else {
                error("bad-value", "expected an ISO 8601 time or '+duration' for 'at', found '\(s)'", at: at.value)
                ok = false
            }
        } else if keys["at"] != nil {
            ok = false
        }
        let status = text("status", (OCPPVocabulary.statuses, "unknown-status", "status"))
        var errorCode = text("errorCode")
        let givenType = text("type", (OCPPVocabulary.actions, "unknown-type", "OCPP action"))
        guard let type = givenType ?? ((status != nil || errorCode != nil) ? "StatusNotification" : nil) else {
            error("missing-key", "a test event needs 'type' or 'status'", at: node)
            return nil
        }
        var messageType = MessageType.call
        if let m = text("messageType", (MessageType.allCases.map(\.rawValue), "unknown-message-type", "message type")) {
            messageType = MessageType(rawValue: m) ?? .call
        }
        let natural = OCPPVocabulary.requestDirection(of: type)
        var direction = messageType == .call ? natural : natural.opposite
        if let d = text("direction", (Direction.allCases.map(\.rawValue), "unknown-direction", "direction")) {
            direction = Direction(rawValue: d) ?? direction
        }
        // Answers carry their call's connector, as the correlator gives them in real logs.
        var connector: Int? = NodeReader.connectorActions.contains(type) ? connectorId : nil
        if let c = keys["connectorId"] {
            if let v = int(c.value, "'connectorId'", depth: depth + 1, minimum: 0) { connector = v } else { ok = false }
        }
        let isStatus = OCPPVocabulary.isStatusNotification(type) && messageType == .call
        if isStatus && errorCode == nil && status != nil { errorCode = "NoError" }
        var reportedAt: Timestamp?
        if let r = text("reportedAt") {
            reportedAt = Timestamp.parse(r)
            if reportedAt == nil {
                error("bad-value", "expected an ISO 8601 time for 'reportedAt', found '\(r)'", at: keys["reportedAt"]!.value)
                ok = false
            }
        }
        var payloadMembers: [(String, JSONValue)] = []
        if let p = keys["payload"] {
            if case .object(let members)? = jsonValue(p.value, depth: depth + 1) { payloadMembers = members } else {
                error("bad-type", "expected a mapping for 'payload', found \(NodeReader.describe(p.value))", at: p.value)
                ok = false
            }
        }
        let vendorId = text("vendorId"), vendorErrorCode = text("vendorErrorCode"), info = text("info")
        let cp = text("chargePointId") ?? chargePointId
        guard ok else { return nil }
        if isStatus {
            // Give the payload the fields a real StatusNotification would carry.
            var synthesized: [(String, JSONValue)] = []
            if let connector { synthesized.append(("connectorId", .number(Double(connector)))) }
            if let errorCode { synthesized.append(("errorCode", .string(errorCode))) }
            if let status { synthesized.append(("status", .string(status))) }
            if let info { synthesized.append(("info", .string(info))) }
            if let vendorId { synthesized.append(("vendorId", .string(vendorId))) }
            if let vendorErrorCode { synthesized.append(("vendorErrorCode", .string(vendorErrorCode))) }
            for (k, v) in payloadMembers where !synthesized.contains(where: { $0.0 == k }) { synthesized.append((k, v)) }
            payloadMembers = synthesized
        }
        return Event(
            timestamp: time, chargePointId: cp, connectorId: connector, type: type, messageType: messageType,
            direction: direction, status: isStatus ? status : nil, errorCode: isStatus ? errorCode : nil,
            vendorId: vendorId, vendorErrorCode: vendorErrorCode, info: info, reportedAt: reportedAt,
            payload: .object(payloadMembers), source: SourceRef(file: file, line: location(node).line))
    }

    /// YAML to JSON for test payloads: plain numbers, `true`/`false` and `null` are typed; quoted text stays text.
    func jsonValue(_ node: Node, depth: Int) -> JSONValue? {
        guard visit(node, depth: depth) else { return nil }
        switch node {
        case .scalar(let s):
            let quoted = s.style == .singleQuoted || s.style == .doubleQuoted
            if !quoted {
                if s.string == "null" || s.string == "~" || s.string.isEmpty { return .null }
                if s.string == "true" { return .bool(true) }
                if s.string == "false" { return .bool(false) }
                if let d = Double(s.string), d.isFinite { return .number(d) }
            }
            return .string(s.string)
        case .sequence(let items):
            var out: [JSONValue] = []
            for item in items {
                guard let v = jsonValue(item, depth: depth + 1) else { return nil }
                out.append(v)
            }
            return .array(out)
        case .mapping(let m):
            var out: [(String, JSONValue)] = []
            for (k, v) in m {
                guard let key = k.string, let value = jsonValue(v, depth: depth + 1) else { return nil }
                out.append((key, value))
            }
            return .object(out)
        case .alias:
            return nil
        }
    }

    func expectation(_ node: Node, eventCount: Int, depth: Int) -> RuleTest.Expectation? {
        guard let entries = mapping(node, "an expectation", depth: depth) else { return nil }
        let keys = known(entries, allowed: NodeReader.expectKeys, in: "an expectation")
        var ok = keys.count == entries.count
        var index: Int?
        if let e = keys["event"] {
            index = int(e.value, "'event'", depth: depth + 1, minimum: 0)
            if let i = index, i >= eventCount {
                error("bad-value", "event \(i) does not exist; the test has \(eventCount) event\(eventCount == 1 ? "" : "s") (counted from 0)", at: e.value)
                index = nil
            }
        } else {
            error("missing-key", "an expectation needs 'event' (the trigger's index, from 0)", at: node)
        }
        var ruleId: String?
        if let r = keys["ruleId"] {
            ruleId = string(r.value, "'ruleId'", depth: depth + 1)
            if let ruleId { ruleReferences.append((ruleId, r.value)) } else { ok = false }
        }
        var action: Action?
        if let a = keys["action"], let s = string(a.value, "'action'", depth: depth + 1) {
            action = Action(rawValue: s)
            if action == nil {
                error("unknown-action", "unknown action '\(s)'", at: a.value, suggestion: Suggestion.didYouMean(s, in: Action.names))
                ok = false
            }
        }
        var severity: Severity?
        if let s = keys["severity"], let text = string(s.value, "'severity'", depth: depth + 1) {
            severity = Severity(rawValue: text)
            if severity == nil {
                error("unknown-severity", "unknown severity '\(text)'", at: s.value, suggestion: Suggestion.didYouMean(text, in: Severity.names))
                ok = false
            }
        }
        let message = keys["message"].flatMap { string($0.value, "'message'", depth: depth + 1) }
        guard ok, let index else { return nil }
        return RuleTest.Expectation(event: index, ruleId: ruleId, action: action, severity: severity, message: message, location: location(node))
    }
}
