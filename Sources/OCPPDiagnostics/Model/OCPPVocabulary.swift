/// The OCPP words rules are checked against (1.6 first; 2.0.1 names are accepted too).
public enum OCPPVocabulary {
    public static let statuses16 = [
        "Available", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing",
        "Reserved", "Unavailable", "Faulted",
    ]
    /// 1.6 statuses plus 2.0.1's `Occupied`.
    public static let statuses = statuses16 + ["Occupied"]

    public static let errorCodes = [
        "NoError", "ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature",
        "InternalError", "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage",
        "PowerMeterFailure", "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage",
        "WeakSignal",
    ]

    /// Actions initiated by the charge point (requests flow `in`).
    public static let chargePointActions = [
        "Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification",
        "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction", "StatusNotification",
        "StopTransaction", "SecurityEventNotification", "SignCertificate", "LogStatusNotification",
        "SignedFirmwareStatusNotification", "TransactionEvent", "NotifyEvent", "NotifyReport",
        "Get15118EVCertificate", "GetCertificateStatus", "NotifyChargingLimit", "NotifyCustomerInformation",
        "NotifyDisplayMessages", "NotifyEVChargingNeeds", "NotifyEVChargingSchedule", "NotifyMonitoringReport",
        "PublishFirmwareStatusNotification", "ReportChargingProfiles", "ReservationStatusUpdate",
        "ClearedChargingLimit",
    ]

    /// Actions initiated by the central system (requests flow `out`).
    public static let centralSystemActions = [
        "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache", "ClearChargingProfile",
        "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics", "GetLocalListVersion",
        "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList",
        "SetChargingProfile", "TriggerMessage", "UnlockConnector", "UpdateFirmware", "ExtendedTriggerMessage",
        "GetLog", "SignedUpdateFirmware", "InstallCertificate", "DeleteCertificate", "GetInstalledCertificateIds",
        "CertificateSigned", "GetVariables", "SetVariables", "GetBaseReport", "GetReport",
        "RequestStartTransaction", "RequestStopTransaction", "GetTransactionStatus", "SetVariableMonitoring",
        "ClearVariableMonitoring", "SetMonitoringBase", "SetMonitoringLevel", "SetNetworkProfile",
        "CustomerInformation", "GetChargingProfiles", "SetDisplayMessage", "GetDisplayMessages",
        "ClearDisplayMessage", "CostUpdated", "UnpublishFirmware", "PublishFirmware",
    ]

    /// Every action name a rule may write for `type`; `Unknown` is an answer whose call was never seen.
    public static let actions = chargePointActions + centralSystemActions + ["Unknown"]

    static let centralSystemActionSet = Set(centralSystemActions)

    /// The direction a request of this action normally flows in.
    public static func requestDirection(of action: String) -> Direction {
        centralSystemActionSet.contains(action) ? .out : .in
    }


    /// Whether `type` is `StatusNotification`, by length first (see
    /// `String.lengthDecidesEquality`): asked on hot paths for every CALL and every candidate
    /// status rule, where equality between a short action name (stored inline) and the
    /// literal went the slow way (measured).
    @inline(__always)
    static func isStatusNotification(_ type: String) -> Bool {
        type.utf8.count == 18 && type == "StatusNotification"
    }

    /// The vocabulary's own copy of a known action name: string literals are immortal, so the
    /// events that carry it copy it without touching a reference count. Hand-written matching
    /// on length and bytes, because a shared dictionary would itself be reference-counted
    /// from every thread.
    static func interned(_ action: String) -> String {
        guard action.utf8.count > 15 else { return action }  // short names are stored inline anyway
        switch action {
        case "StatusNotification": return "StatusNotification"
        case "BootNotification": return "BootNotification"
        case "StartTransaction": return "StartTransaction"
        case "FirmwareStatusNotification": return "FirmwareStatusNotification"
        case "DiagnosticsStatusNotification": return "DiagnosticsStatusNotification"
        case "ChangeAvailability": return "ChangeAvailability"
        case "RemoteStartTransaction": return "RemoteStartTransaction"
        case "RemoteStopTransaction": return "RemoteStopTransaction"
        case "ChangeConfiguration": return "ChangeConfiguration"
        case "SecurityEventNotification": return "SecurityEventNotification"
        case "SetChargingProfile": return "SetChargingProfile"
        case "GetCompositeSchedule": return "GetCompositeSchedule"
        case "ClearChargingProfile": return "ClearChargingProfile"
        default: return action
        }
    }
}
