/// The closed vocabulary of recommended actions (DESIGN §4 "Actions").
public enum Action: String, Sendable, CaseIterable {
    case none, monitor
    case softReset = "soft_reset"
    case hardReset = "hard_reset"
    case unlockConnector = "unlock_connector"
    case replug
    case triggerStatus = "trigger_status"
    case setInoperative = "set_inoperative"
    case setOperative = "set_operative"
    case checkAuthorization = "check_authorization"
    case syncLocalList = "sync_local_list"
    case updateFirmware = "update_firmware"
    case checkSitePower = "check_site_power"
    case checkConnectivity = "check_connectivity"
    case informDriver = "inform_driver"
    case maintenanceTicket = "maintenance_ticket"

    public static let names = allCases.map(\.rawValue)

    /// The OCPP-J CALL `[action, payload]` that carries this out, or nil when no command does.
    ///
    /// `ChangeAvailability` for a trigger without a connector targets connector 0 (the whole
    /// charge point); `UnlockConnector` needs a real connector (≥ 1) and is nil without one.
    ///
    /// With `connectorUnknown` (a connector status event that did not say which connector),
    /// no command is given for the whole charge point: taking every connector out of service
    /// because a record lost its connector id would be worse than giving no command.
    public func ocppCommand(connectorId: Int?, connectorUnknown: Bool = false) -> JSONValue? {
        if connectorUnknown && connectorId == nil && (self == .setInoperative || self == .setOperative) { return nil }
        func call(_ name: String, _ members: [(String, JSONValue)]) -> JSONValue {
            .array([.string(name), .object(members)])
        }
        switch self {
        case .softReset: return call("Reset", [("type", .string("Soft"))])
        case .hardReset: return call("Reset", [("type", .string("Hard"))])
        case .unlockConnector:
            guard let c = connectorId, c > 0 else { return nil }
            return call("UnlockConnector", [("connectorId", .number(Double(c)))])
        case .triggerStatus:
            var members: [(String, JSONValue)] = [("requestedMessage", .string("StatusNotification"))]
            if let c = connectorId { members.append(("connectorId", .number(Double(c)))) }
            return call("TriggerMessage", members)
        case .setInoperative:
            return call("ChangeAvailability", [("connectorId", .number(Double(connectorId ?? 0))), ("type", .string("Inoperative"))])
        case .setOperative:
            return call("ChangeAvailability", [("connectorId", .number(Double(connectorId ?? 0))), ("type", .string("Operative"))])
        case .syncLocalList: return call("SendLocalList", [("updateType", .string("Full"))])
        default: return nil
        }
    }
}

public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    public static let names = allCases.map(\.rawValue)

    var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
