#!/usr/bin/env python3
"""Writes the same OCPP 1.6 traffic of one charge point (CP001) in every input shape that
ocpp-diag reads, for the test that every shape gives the same diagnoses.

Run from this folder: python3 make_shapes.py. The output files are committed; edit EVENTS here
and run it again rather than editing them by hand.
"""
import csv
import io
import json
from datetime import datetime, timedelta, timezone

CP = "CP001"
BERLIN = timezone(timedelta(hours=1))  # Europe/Berlin in March, before the switch to summer time


def t(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def status(connector, status, code="NoError", **extra):
    return {"connectorId": connector, "errorCode": code, "status": status, **extra}


# (time, direction, frame); payload timestamps of StatusNotifications equal the log time.
EVENTS = []


def add(when, direction, frame):
    EVENTS.append((t(when), direction, frame))


def sn(when, uid, connector, st, code="NoError", **extra):
    add(when, "in", [2, uid, "StatusNotification", {**status(connector, st, code, **extra), "timestamp": when}])
    add(when[:-1] + "5Z" if when.endswith("0Z") else when, "out", [3, uid, {}])


add("2026-03-01T08:00:00.000Z", "in", [2, "b1", "BootNotification", {"chargePointVendor": "ACME", "chargePointModel": "AC22"}])
add("2026-03-01T08:00:00.120Z", "out", [3, "b1", {"status": "Accepted", "currentTime": "2026-03-01T08:00:00.120Z", "interval": 300}])
sn("2026-03-01T08:00:01.000Z", "s1", 1, "Available")
sn("2026-03-01T08:00:02.000Z", "s2", 2, "Available")
sn("2026-03-01T08:10:00.000Z", "s3", 1, "Faulted", "GroundFailure", vendorId="ACME", vendorErrorCode="F001,F003", info="RCD tripped")
sn("2026-03-01T08:11:00.000Z", "s4", 1, "Available")
sn("2026-03-01T09:00:00.000Z", "s5", 1, "Faulted", "GroundFailure", vendorId="ACME", vendorErrorCode="F001")
sn("2026-03-01T09:01:00.000Z", "s6", 1, "Available")
sn("2026-03-01T10:00:00.000Z", "s7", 1, "Faulted", "GroundFailure", vendorId="ACME", vendorErrorCode="F001")
add("2026-03-01T10:05:00.000Z", "out", [2, "r1", "Reset", {"type": "Hard"}])
add("2026-03-01T10:05:01.000Z", "in", [3, "r1", {"status": "Accepted"}])
add("2026-03-01T10:06:00.000Z", "in", [2, "b2", "BootNotification", {"chargePointVendor": "ACME", "chargePointModel": "AC22"}])
add("2026-03-01T10:06:00.100Z", "out", [3, "b2", {"status": "Accepted", "currentTime": "2026-03-01T10:06:00.100Z", "interval": 300}])
sn("2026-03-01T10:07:00.000Z", "s8", 2, "Faulted", "PowerSwitchFailure", vendorErrorCode="E12")
sn("2026-03-01T10:20:00.000Z", "s9", 1, "Preparing")
sn("2026-03-01T10:50:00.000Z", "s10", 2, "Available")

ACTIONS = {}
for _, _, frame in EVENTS:
    if frame[0] == 2:
        ACTIONS[frame[1]] = frame[2]


def iso(dt, sep="T"):
    return dt.astimezone(timezone.utc).strftime(f"%Y-%m-%d{sep}%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def compact(frame):
    return json.dumps(frame, separators=(",", ":"))


def write(name, text):
    with open(name, "w", newline="") as f:
        f.write(text)


# 1. Wrapped frames, one per line.
write("wrapped.jsonl", "".join(
    compact({"timestamp": iso(when), "chargePointId": CP, "direction": d, "message": frame}) + "\n"
    for when, d, frame in EVENTS))

# 2. Bare frames; the charge point is the file name up to its first dot.
write("CP001.frames.jsonl", "".join(compact(frame) + "\n" for _, _, frame in EVENTS))

# 3. Timestamp-prefixed lines: ISO with and without the charge point and direction, Unix milliseconds,
#    and lines of the log that carry no frame.
lines = ["2026-03-01T07:59:58.000Z connection opened from 10.0.0.7"]
for i, (when, d, frame) in enumerate(EVENTS):
    if i % 3 == 0:
        lines.append(f"{iso(when)} {CP} {d} {compact(frame)}")
    elif i % 3 == 1:
        lines.append(f"{int(when.timestamp() * 1000)} {CP} {d} {compact(frame)}")
    else:
        lines.append(f"{when.astimezone(timezone(timedelta(hours=5, minutes=30))).isoformat(timespec='milliseconds')} {CP} {d} {compact(frame)}")
lines.append("2026-03-01T10:50:30.000Z connection closed")
write("timestamped.log", "\n".join(lines) + "\n")

# 4. A JSON array of frames, pretty-printed.
write("CP001.array.json", json.dumps([frame for _, _, frame in EVENTS], indent=2) + "\n")


# 5. Flat records (JSON lines) and 6. CSV: the request fields, with type for the other messages.
def flat(when, d, frame):
    record = {"timestamp": iso(when), "chargePointId": CP}
    # Payload fields go beside the record's own; a payload field of the same name (Reset's "type")
    # cannot be written in this flat shape and is left out.
    if frame[0] == 2:
        record["type"] = frame[2]
        record["direction"] = d
        record.update({k: v for k, v in frame[3].items() if k not in record})
    else:
        record["type"] = ACTIONS[frame[1]]
        record["messageType"] = "result"
        record["direction"] = d
        record.update({k: v for k, v in frame[2].items() if k not in record})
    if record.get("type") == "StatusNotification":
        record["reportedAt"] = record.pop("timestamp_payload", record.get("timestamp"))
    return record


records = [flat(*e) for e in EVENTS]
write("flat.jsonl", "".join(compact(r) + "\n" for r in records))
columns = ["timestamp", "chargePointId", "type", "messageType", "direction", "connectorId", "status", "errorCode",
           "vendorId", "vendorErrorCode", "info"]
out = io.StringIO()
w = csv.writer(out, lineterminator="\n")
w.writerow(columns)
for r in records:
    w.writerow([r.get(c, "") for c in columns])
write("flat.csv", out.getvalue())

# 7. SteVe's WebSocketLogger, local time (Europe/Berlin) with comma milliseconds.
def steve_time(when):
    local = when.astimezone(BERLIN)
    return local.strftime("%Y-%m-%d %H:%M:%S,") + f"{local.microsecond // 1000:03d}"


lines = [f"[INFO ] {steve_time(t('2026-03-01T07:59:58Z'))} de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId={CP}, sessionId=8927a1] Connection is established"]
for i, (when, d, frame) in enumerate(EVENTS):
    word = "Received" if d == "in" else "Sending"
    if i % 2 == 0:
        lines.append(f"[INFO ] {steve_time(when)} de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId={CP}, sessionId=8927a1] {word}: {compact(frame)}")
    else:
        lines.append(f"[INFO ] {steve_time(when)} de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (http-nio-8080-exec-3) - [chargeBoxId={CP}, sessionId=8927a1] {word}: {compact(frame)}")
    if frame[0] == 2 and frame[2] == "BootNotification":
        lines.append(f"[INFO ] {steve_time(when)} de.rwth.idsg.steve.service.CentralSystemService16_Service - The boot of the chargebox '{CP}' with registration status 'ACCEPTED' is acknowledged.")
lines.append(f"[WARN ] {steve_time(t('2026-03-01T10:50:30Z'))} de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId={CP}, sessionId=8927a1] Connection is closed, status: CloseStatus[code=1006, reason=null]")
write("steve.log", "\n".join(lines) + "\n")

# 8. Python ocpp library under Home Assistant's log format (naive times, UTC here), and
# 9. the same under logging.basicConfig (no time at all).
lines = ["2026-03-01 07:59:58 INFO (MainThread) [homeassistant.setup] Setting up ocpp"]
basic = ["INFO:websockets.server:connection open"]
for i, (when, d, frame) in enumerate(EVENTS):
    verb = "receive message" if d == "in" else "send"
    stamp = when.strftime("%Y-%m-%d %H:%M:%S") + (f",{when.microsecond // 1000:03d}" if when.microsecond else "")
    lines.append(f"{stamp} INFO (MainThread) [ocpp] {CP}: {verb} {compact(frame)}")
    basic.append(f"INFO:ocpp:{CP}: {verb} {compact(frame)}")
lines.append("2026-03-01 10:50:30 INFO (MainThread) [custom_components.ocpp.api] Charger CP001 disconnected")
write("python-ha.log", "\n".join(lines) + "\n")
write("CP001.python-basic.log", "\n".join(basic) + "\n")

# 10. EVerest libocpp's message log, the charger's side: records closed by a blank line.
parts = [f"{iso(t('2026-03-01T07:59:58Z'))}: SYS>  Session logging started.\n\n\n"]
for when, d, frame in EVENTS:
    if d == "in":
        head = f"ChargePoint>CentralSystem {ACTIONS[frame[1]] + ('' if frame[0] == 2 else 'Response')} "
    else:
        head = f"CentralSystem>ChargePoint  {ACTIONS[frame[1]] + ('' if frame[0] == 2 else 'Response')}"
    parts.append(f"{iso(when)}: {head}\n{json.dumps(frame, indent=2)}\n\n")
write("CP001.everest.log", "".join(parts))
