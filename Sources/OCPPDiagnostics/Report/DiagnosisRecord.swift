/// The diagnosis record of DESIGN §5, as one line of JSON with keys in documented order.
extension Diagnosis {
    public var jsonRecord: String {
        var w = JSONWriter()
        w.object { o in
            o.string("chargePointId", chargePointId)
            o.int("connectorId", connectorId)
            o.string("timestamp", timestamp.iso8601)
            o.object("trigger") { t in
                t.string("timestamp", trigger.timestamp.iso8601)
                t.string("type", trigger.type)
                t.string("status", trigger.status)
                t.string("errorCode", trigger.errorCode)
                t.string("vendorErrorCode", trigger.vendorErrorCode)
                t.string("info", trigger.info)
                t.object("source") { s in
                    s.string("file", trigger.source.file)
                    s.int("line", trigger.source.line)
                }
            }
            o.string("ruleId", ruleId)
            o.string("cause", cause)
            o.string("action", action.rawValue)
            o.string("severity", severity.rawValue)
            o.string("message", message)
            if let command = ocppCommand { o.value("ocppCommand", command) } else { o.raw("ocppCommand", "null") }
            o.objects("alternatives", alternatives) { x, a in
                x.string("ruleId", a.ruleId)
                x.string("action", a.action.rawValue)
                x.string("severity", a.severity.rawValue)
                x.string("cause", a.cause)
            }
            o.objects("evidence", evidence) { x, e in
                x.string("file", e.source.file)
                x.int("line", e.source.line)
                x.string("timestamp", e.timestamp.iso8601)
            }
            o.string("rulesetHash", rulesetHash)
        }
        return w.text
    }
}
