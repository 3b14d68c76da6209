import CFastPaths

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
///
/// A value type whose fields live in one shared, copy-on-write box: an event is handed from
/// decoder to reorder buffer to correlator to engine, and copying a box reference is one
/// retain where copying the fields was a dozen.
public struct Event: Sendable {
    /// Stored in this order on purpose: the fields every event is ordered, correlated and
    /// routed by come first, so that those steps touch the fewest cache lines of an event that
    /// has waited minutes in the reorder buffer (measured).
    struct Fields {
        var timestamp: Timestamp
        var messageType: MessageType
        var direction: Direction
        var directionIsInferred: Bool
        /// The correlator's number for the charge point (see ``Event/chargePointSlot``).
        var chargePointSlot: Int32 = -1
        var chargePointId: String
        var type: String
        var uniqueId: String?
        var connectorId: Int?
        /// Nil for the events that carry none of them (all but status notifications).
        var details: StatusDetails?
        var source: SourceRef
        var payload: JSONValue
        var reportedAt: Timestamp?

        /// What a spare box holds when it is freed (see ``EventRecycler``).
        static var spare: Fields {
            Fields(timestamp: .unknown, messageType: .call, direction: .in, directionIsInferred: false, chargePointId: "",
                   type: "", uniqueId: nil, connectorId: nil, details: nil, source: SourceRef(file: "", line: 0),
                   payload: .null, reportedAt: nil)
        }
    }

    /// A status notification's status, error code, vendor and text: held apart, so that the
    /// events most of a log is made of are smaller (fewer cache lines to touch and free).
    /// Shared and never changed in place: a change makes a new one.
    final class StatusDetails: Sendable {
        let status: String?
        let errorCode: String?
        let vendorId: String?
        let vendorErrorCode: String?
        let info: String?

        init(status: String?, errorCode: String?, vendorId: String?, vendorErrorCode: String?, info: String?) {
            self.status = status
            self.errorCode = errorCode
            self.vendorId = vendorId
            self.vendorErrorCode = vendorErrorCode
            self.info = info
        }

        /// Nil when every field is nil.
        static func make(status: String?, errorCode: String?, vendorId: String?, vendorErrorCode: String?, info: String?) -> StatusDetails? {
            status == nil && errorCode == nil && vendorId == nil && vendorErrorCode == nil && info == nil
                ? nil
                : StatusDetails(status: status, errorCode: errorCode, vendorId: vendorId, vendorErrorCode: vendorErrorCode, info: info)
        }

        func with(status: String?? = .none, errorCode: String?? = .none, vendorId: String?? = .none,
                  vendorErrorCode: String?? = .none, info: String?? = .none) -> StatusDetails? {
            StatusDetails.make(status: status ?? self.status, errorCode: errorCode ?? self.errorCode, vendorId: vendorId ?? self.vendorId,
                               vendorErrorCode: vendorErrorCode ?? self.vendorErrorCode, info: info ?? self.info)
        }
    }

    private static let noDetails = StatusDetails(status: nil, errorCode: nil, vendorId: nil, vendorErrorCode: nil, info: nil)

    /// Written only while uniquely referenced (through ``mutate(_:)``, or by an
    /// ``EventRecycler`` holding the only reference), so sharing it across threads is safe,
    /// and exclusivity needs no run-time check.
    ///
    /// The recycler destroys and re-creates `fields` in place through
    /// `withUnsafeMutablePointer(to: &box.fields)`, which reaches the property's own storage
    /// because this class is final and `fields` a plain stored property of this module (no
    /// observers, no accessors): keep it so. A `ManagedBuffer` header would give a documented
    /// address, but its accessors cost 3,100 instructions per line here (run-time exclusivity
    /// checks, and boxes no longer found unique; measured).
    final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// Asks for the event's fields to be brought into cache (an event that waited in the
    /// reorder buffer is out of it by the time it is released).
    @inline(__always)
    func prefetch() {
        ocpp_prefetch(UnsafeRawPointer(Unmanaged.passUnretained(storage).toOpaque()), 3)
    }

    @inline(__always)
    private mutating func mutate(_ body: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        body(&storage.fields)
    }

    /// When the central system logged it (the line or envelope time); events are ordered by it.
    public var timestamp: Timestamp {
        get { storage.fields.timestamp }
        set { mutate { $0.timestamp = newValue } }
    }
    public var chargePointId: String {
        get { storage.fields.chargePointId }
        set { mutate { $0.chargePointId = newValue } }
    }
    /// `0` is the charge point as a whole; nil for charge-point-wide messages (boots, heartbeats, resets).
    public var connectorId: Int? {
        get { storage.fields.connectorId }
        set { mutate { $0.connectorId = newValue } }
    }
    /// The OCPP action; for a result or error, the action of the CALL it answers, else `Unknown`.
    public var type: String {
        get { storage.fields.type }
        set { mutate { $0.type = newValue } }
    }
    public var messageType: MessageType {
        get { storage.fields.messageType }
        set { mutate { $0.messageType = newValue } }
    }
    public var direction: Direction {
        get { storage.fields.direction }
        set { mutate { $0.direction = newValue } }
    }
    public var status: String? {
        get { storage.fields.details?.status }
        set { mutate { $0.details = ($0.details ?? Event.noDetails).with(status: .some(newValue)) } }
    }
    public var errorCode: String? {
        get { storage.fields.details?.errorCode }
        set { mutate { $0.details = ($0.details ?? Event.noDetails).with(errorCode: .some(newValue)) } }
    }
    public var vendorId: String? {
        get { storage.fields.details?.vendorId }
        set { mutate { $0.details = ($0.details ?? Event.noDetails).with(vendorId: .some(newValue)) } }
    }
    public var vendorErrorCode: String? {
        get { storage.fields.details?.vendorErrorCode }
        set { mutate { $0.details = ($0.details ?? Event.noDetails).with(vendorErrorCode: .some(newValue)) } }
    }
    public var info: String? {
        get { storage.fields.details?.info }
        set { mutate { $0.details = ($0.details ?? Event.noDetails).with(info: .some(newValue)) } }
    }

    /// Sets all five status fields at once (one allocation, as decoding does).
    mutating func setStatusDetails(status: String?, errorCode: String?, vendorId: String?, vendorErrorCode: String?, info: String?) {
        let details = StatusDetails.make(status: status, errorCode: errorCode, vendorId: vendorId, vendorErrorCode: vendorErrorCode, info: info)
        mutate { $0.details = details }
    }
    /// The payload's own `timestamp` (the charger's clock), never used for ordering.
    public var reportedAt: Timestamp? {
        get { storage.fields.reportedAt }
        set { mutate { $0.reportedAt = newValue } }
    }
    /// The whole payload. For a CALLERROR: `{"errorCode", "errorDescription", "errorDetails"}`.
    public var payload: JSONValue {
        get { storage.fields.payload }
        set { mutate { $0.payload = newValue } }
    }
    /// The OCPP-J unique id, used to pair results with their calls.
    public var uniqueId: String? {
        get { storage.fields.uniqueId }
        set { mutate { $0.uniqueId = newValue } }
    }
    public var source: SourceRef {
        get { storage.fields.source }
        set { mutate { $0.source = newValue } }
    }
    /// The number the call correlator gave the event's charge point (-1: none), which the
    /// engine of the same reader, having seen the same events in the same order, gave it too:
    /// a hint it checks, so that each event looks its charge point up once, not twice.
    var chargePointSlot: Int32 {
        get { storage.fields.chargePointSlot }
        set { mutate { $0.chargePointSlot = newValue } }
    }
    /// Set by ingest when the log line did not say which way an answer travelled.
    var directionIsInferred: Bool {
        get { storage.fields.directionIsInferred }
        set { mutate { $0.directionIsInferred = newValue } }
    }

    public init(
        timestamp: Timestamp, chargePointId: String, connectorId: Int? = nil, type: String,
        messageType: MessageType = .call, direction: Direction = .in, status: String? = nil,
        errorCode: String? = nil, vendorId: String? = nil, vendorErrorCode: String? = nil,
        info: String? = nil, reportedAt: Timestamp? = nil, payload: JSONValue = .object([]),
        uniqueId: String? = nil, source: SourceRef
    ) {
        storage = Storage(Fields(
            timestamp: timestamp, messageType: messageType, direction: direction, directionIsInferred: false,
            chargePointId: chargePointId, type: type, uniqueId: uniqueId, connectorId: connectorId,
            details: StatusDetails.make(status: status, errorCode: errorCode, vendorId: vendorId, vendorErrorCode: vendorErrorCode, info: info),
            source: source, payload: payload, reportedAt: reportedAt))
    }

    /// A frame's event (no status fields yet), in a box `recycler` kept if it has one.
    init(recycling recycler: EventRecycler?, timestamp: Timestamp, chargePointId: String, type: String,
         messageType: MessageType, direction: Direction, payload: JSONValue, uniqueId: String, source: SourceRef) {
        let fields = Fields(
            timestamp: timestamp, messageType: messageType, direction: direction, directionIsInferred: false,
            chargePointId: chargePointId, type: type, uniqueId: uniqueId, connectorId: nil,
            details: nil, source: source, payload: payload, reportedAt: nil)
        if let box = recycler?.spare.popLast() {
            // A spare box's fields were destroyed when it was handed back: writing them only
            // (rather than assigning, which reads the old ones first) does not stall on a box
            // that has left the cache since (measured).
            withUnsafeMutablePointer(to: &box.fields) { $0.initialize(to: consume fields) }
            storage = box
        } else {
            storage = Storage(fields)
        }
    }

    /// Hands the event's box to `recycler` for a later event, if nothing else holds it, and
    /// destroys its fields now, while they are in cache. The event must not be read after this.
    mutating func recycle(into recycler: EventRecycler) {
        guard recycler.spare.count < EventRecycler.capacity, isKnownUniquelyReferenced(&storage) else { return }
        withUnsafeMutablePointer(to: &storage.fields) { _ = $0.deinitialize(count: 1) }
        recycler.spare.append(storage)
    }

    /// True for a StatusNotification request (the only events that carry a connector status).
    public var isStatus: Bool { status != nil && messageType == .call && OCPPVocabulary.isStatusNotification(type) }
}

/// Boxes of events a thread is done with, for its decoder to fill again.
///
/// Events are freed minutes of log after they are made, in another order, and glibc's
/// per-thread cache holds only a few chunks of a size: most frees and mallocs of event boxes
/// went to its shared bins, merging with cold neighbours (measured). One recycler belongs to
/// one reader and is used only by its thread.
final class EventRecycler {
    static let capacity = 4096
    /// Boxes whose fields are destroyed (uninitialized memory): only ``Event`` fills them.
    @exclusivity(unchecked) var spare: ContiguousArray<Event.Storage> = []

    init() { spare.reserveCapacity(Self.capacity) }

    deinit {
        // A box frees its fields when it goes: give the spare ones something to free.
        for box in spare {
            withUnsafeMutablePointer(to: &box.fields) { $0.initialize(to: Event.Fields.spare) }
        }
    }
}
