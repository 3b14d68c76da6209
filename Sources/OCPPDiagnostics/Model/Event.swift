/// Whether a frame is a request, its answer, or an error answer (OCPP-J message type ids 2, 3 and 4).
public enum MessageType: String, Sendable, CaseIterable {
    case call, result, error
}

/// Who sent a frame: `in` is charge point → central system, `out` the other way.
public enum Direction: String, Sendable, CaseIterable {
    case `in`, out

    public var opposite: Direction { self == .in ? .out : .in }
}

/// Where an event came from: a file (or `-` for stdin) and a 1-based line.
public struct SourceRef: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One OCPP message, normalized from whatever log shape it was read from (DESIGN §3).
public struct Event: Sendable {
    /// When the central system logged it (the line or envelope time); events are ordered by it.
    public var timestamp: Timestamp
    public var chargePointId: String
    /// `0` is the charge point as a whole; nil for charge-point-wide messages (boots, heartbeats, resets).
    public var connectorId: Int?
    /// The OCPP action; for a result or error, the action of the CALL it answers, else `Unknown`.
    public var type: String
    public var messageType: MessageType
    public var direction: Direction
    public var status: String?
    public var errorCode: String?
    public var vendorId: String?
    public var vendorErrorCode: String?
    public var info: String?
    /// The payload's own `timestamp` (the charger's clock), never used for ordering.
    public var reportedAt: Timestamp?
    /// The whole payload. For a CALLERROR: `{"errorCode", "errorDescription", "errorDetails"}`.
    public var payload: JSONValue
    /// The OCPP-J unique id, used to pair results with their calls.
    public var uniqueId: String?
    public var source: SourceRef
    /// Set by ingest when the log line did not say which way an answer travelled.
    var directionIsInferred = false

    public init(
        timestamp: Timestamp, chargePointId: String, connectorId: Int? = nil, type: String,
        messageType: MessageType = .call, direction: Direction = .in, status: String? = nil,
        errorCode: String? = nil, vendorId: String? = nil, vendorErrorCode: String? = nil,
        info: String? = nil, reportedAt: Timestamp? = nil, payload: JSONValue = .object([]),
        uniqueId: String? = nil, source: SourceRef
    ) {
        self.timestamp = timestamp
        self.chargePointId = chargePointId
        self.connectorId = connectorId
        self.type = type
        self.messageType = messageType
        self.direction = direction
        self.status = status
        self.errorCode = errorCode
        self.vendorId = vendorId
        self.vendorErrorCode = vendorErrorCode
        self.info = info
        self.reportedAt = reportedAt
        self.payload = payload
        self.uniqueId = uniqueId
        self.source = source
    }

    /// True for a StatusNotification request (the only events that carry a connector status).
    public var isStatus: Bool { messageType == .call && type == "StatusNotification" && status != nil }
}
