/// CSV with a header row naming flat-record fields:
///
///     timestamp,chargePointId,connectorId,status,errorCode,vendorId,vendorErrorCode,info
///     2026-03-01T08:00:00Z,CP-1,1,Faulted,GroundFailure,Acme,"F001,F003",RCD tripped
///
/// Each row becomes the flat record (or, with a `message` column holding a JSON frame, the
/// wrapped frame) that a JSON line with those fields would be, and is decoded the same way;
/// `type` defaults to StatusNotification. Column names are matched without regard to case, spaces
/// or underscores, with the usual aliases (`chargeBoxId`, `stationId`, `connector`, `action`, …);
/// other columns are kept in the payload as text. The delimiter is `,`, `;` or a tab, whichever the
/// header uses. The header row counts as a used line of structure.
///
/// Hand-written rather than SwiftCSV or CSV.swift: both parse a whole String or stream into rows
/// without the line numbers every skipped row must be reported with, and neither bounds a row's
/// size. RFC 4180 quoting (`""` escapes, quoted fields over several lines) is all this needs.
struct CSVFormat: LogFormat {
    static let name = "csv"

    /// Canonical field names by normalized header name (lowercase, no spaces, `_` or `-`).
    static let fields: [String: String] = [
        "timestamp": "timestamp", "time": "timestamp", "ts": "timestamp", "datetime": "timestamp", "date": "timestamp", "logtime": "timestamp",
        "chargepointid": "chargePointId", "chargeboxid": "chargePointId", "stationid": "chargePointId", "identity": "chargePointId",
        "chargepoint": "chargePointId", "chargebox": "chargePointId", "station": "chargePointId", "cpid": "chargePointId",
        "connectorid": "connectorId", "connector": "connectorId", "evseid": "connectorId",
        "status": "status", "errorcode": "errorCode", "error": "errorCode", "vendorid": "vendorId",
        "vendorerrorcode": "vendorErrorCode", "info": "info", "type": "type", "action": "type",
        "messagetype": "messageType", "direction": "direction", "reportedat": "reportedAt",
        "message": "message", "msg": "message", "frame": "message",
    ]

    static func normalize(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "\"" })
    }

    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let delimiter = delimiter(of: line) else { return false }
        var parser = RowParser(delimiter: delimiter)
        guard parser.feed(line), parser.fields.count >= 2 else { return false }
        let known = Set(parser.fields.compactMap { fields[normalize($0)] })
        return known.count >= 2 && known.contains("timestamp") && !known.isDisjoint(with: ["status", "message", "type"])
    }

    /// The delimiter a header uses: the most frequent of `,`, `;` and tab outside quotes.
    static func delimiter(of line: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for b in line {
            if b == 0x22 { quoted.toggle() } else if !quoted && (b == 0x2C || b == 0x3B || b == 0x09) { counts[b, default: 0] += 1 }
        }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    /// RFC 4180 fields of one record, fed line by line (a quoted field may hold line breaks).
    struct RowParser {
        let delimiter: UInt8
        var fields: [String] = []
        private var field: [UInt8] = []
        private var quoted = false
        private var afterQuote = false
        private(set) var size = 0

        init(delimiter: UInt8) { self.delimiter = delimiter }

        /// Feeds one line; true when the record is complete at its end.
        mutating func feed(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
            size += line.count + 1
            if quoted { field.append(0x0A) }
            for b in line {
                if quoted {
                    if afterQuote {
                        if b == 0x22 { field.append(0x22); afterQuote = false; continue }
                        quoted = false
                        afterQuote = false
                    } else if b == 0x22 {
                        afterQuote = true
                        continue
                    } else {
                        field.append(b)
                        continue
                    }
                }
                if b == delimiter {
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                } else if b == 0x22 && field.isEmpty {
                    quoted = true
                } else {
                    field.append(b)
                }
            }
            if quoted && afterQuote { quoted = false; afterQuote = false }
            if quoted { return false }
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            return true
        }
    }

    private var columns: [String]?
    private var delimiter: UInt8 = 0x2C
    private var row: RowParser?
    private var rowLine = 0

    init() {}

    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        if let (reason, detail) = TextLine.damage(line) {
            if row != nil { row = nil; return .skip(reason, detail) }
            return .skip(reason, detail)
        }
        guard let columns else {
            guard Self.sniff(line), let d = Self.delimiter(of: line) else {
                return .skip(.notAnEvent, "expected a header row naming the columns (timestamp, chargePointId, status, …)")
            }
            delimiter = d
            var header = RowParser(delimiter: d)
            _ = header.feed(line)
            self.columns = header.fields.map { Self.fields[Self.normalize($0)] ?? $0.trimmingSpaces }
            return .structure
        }
        if row == nil {
            row = RowParser(delimiter: delimiter)
            rowLine = number
        }
        guard row!.feed(line) else {
            if row!.size > LineReader.maxLineBytes { row = nil; return .skip(.oversized, "a quoted field longer than \(LineReader.maxLineBytes) bytes") }
            return .hold
        }
        let fields = row!.fields
        row = nil
        return decodeRow(fields, columns: columns, context: &context)
    }

    mutating func finish(context: inout DecodeContext) -> LineOutcome? {
        guard row != nil else { return nil }
        row = nil
        return .skip(.truncatedRecord, "the row that starts on line \(rowLine) ends inside a quoted field")
    }

    private func decodeRow(_ fields: [String], columns: [String], context: inout DecodeContext) -> LineOutcome {
        var fields = fields
        // Trailing empty fields beyond the header (a trailing delimiter) are harmless.
        while fields.count > columns.count, fields.last?.isEmpty == true { fields.removeLast() }
        guard fields.count == columns.count else {
            return .skip(.badRow, "\(fields.count) field\(fields.count == 1 ? "" : "s") where the header has \(columns.count)")
        }
        var members: [(String, JSONValue)] = []
        for (name, text) in zip(columns, fields) where !text.isEmpty {
            switch name {
            case "connectorId":
                guard let n = Int(text.trimmingSpaces) else { return .skip(.badRow, "connectorId '\(text)' is not an integer") }
                members.append((name, .number(Double(n))))
            case "message":
                guard let frame = try? JSONParser.parse(text) else { return .skip(.invalidJSON, "the message column is not a JSON frame") }
                members.append((name, frame))
            case "timestamp" where !text.isEmpty && text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && text.utf8.count <= 13:
                members.append((name, .number(Double(text) ?? 0)))
            default:
                members.append((name, .string(text)))
            }
        }
        return JSONLinesFormat.decode(value: .object(members), source: SourceRef(file: context.file, line: rowLine), context: &context)
    }
}
