#!/usr/bin/env python3
"""Writes the bad-input corpus: one small file per defect, and EXPECTED, which says how each
must be accounted for (file, line, `used` or the skip reason, and a fragment of the message or,
for a used line, the event's type). Run from this folder: python3 make_bad.py.
"""
import gzip
import json

EXPECTED = []


def write(name, data, *expect):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(name, mode, **({} if mode == "wb" else {"newline": ""})) as f:
        f.write(data)
    for line, outcome, fragment in expect:
        EXPECTED.append(f"{name}\t{line}\t{outcome}\t{fragment}")


def wrapped(time, frame, cp="CP-1", direction="in"):
    return json.dumps({"timestamp": time, "chargePointId": cp, "direction": direction, "message": frame}, separators=(",", ":"))


GOOD = wrapped("2026-03-01T08:00:00Z", [2, "1", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Available"}])
SN = '[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]'
SN_TIMED = '[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"2026-03-01T08:00:00Z"}]'

write("invalid-json.jsonl", GOOD + '\n{"timestamp":"2026-03-01T08:00:01Z","chargePointId":"CP-1" "message":[]}\n',
      (1, "used", "StatusNotification"), (2, "invalid-json", "column"))
write("truncated-last-line.jsonl", GOOD + '\n' + GOOD[:40],
      (2, "invalid-json", "column"))
write("invalid-utf8.jsonl", GOOD.encode() + b'\n' + wrapped("2026-03-01T08:00:01Z", [2, "2", "DataTransfer", {"vendorId": "X"}]).replace('"X"', '"\xc3\x28"').encode("latin-1") + b"\n",
      (2, "invalid-utf8", "UTF-8"))
write("binary-garbage.jsonl", GOOD.encode() + b"\n\x00\x13\x9c\xffPK\x03\x04\x00\x00garbage\n" + GOOD.encode() + b"\n",
      (2, "binary", "control byte"), (3, "used", "StatusNotification"))
write("call-wrong-arity.jsonl", wrapped("2026-03-01T08:00:00Z", [2, "1", "Heartbeat"]) + "\n",
      (1, "bad-frame", "a CALL has 4 elements"))
write("result-wrong-arity.jsonl", wrapped("2026-03-01T08:00:00Z", [3, "1", {}, {}], direction="out") + "\n",
      (1, "bad-frame", "a CALLRESULT has 3 elements"))
write("unknown-message-type.jsonl", wrapped("2026-03-01T08:00:00Z", [7, "1", {}]) + "\n",
      (1, "bad-frame", "unknown message type id 7"))
write("bad-unique-id.jsonl", wrapped("2026-03-01T08:00:00Z", [2, None, "Heartbeat", {}]) + "\n",
      (1, "bad-frame", "unique id"))
write("result-without-call.jsonl", wrapped("2026-03-01T08:00:00Z", [3, "zz", {"status": "Accepted"}]) + "\n",
      (1, "used", "Unknown"))
write("bad-timestamp.jsonl", GOOD.replace("2026-03-01T08:00:00Z", "yesterday") + "\n",
      (1, "bad-timestamp", "cannot read timestamp 'yesterday'"))
write("unknown-direction.jsonl", GOOD.replace('"in"', '"sideways"') + "\n",
      (1, "not-an-event", "unknown direction 'sideways'"))
write("object-not-an-event.jsonl", '{"hello":1}\n',
      (1, "not-an-event", "neither 'message'"))
write("scalar-line.jsonl", GOOD + '\n42\n',
      (2, "not-an-event", "expected a JSON object or an OCPP-J frame"))
write("message-not-a-frame.jsonl", '{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":"StatusNotification"}\n',
      (1, "not-an-event", "neither 'message'"))
write("empty-charge-point.jsonl", GOOD.replace('"CP-1"', '""') + "\n",
      (1, "missing-charge-point", "no charge point id"))
write("empty.jsonl", "")
write("blank-lines.jsonl", "\n   \n\t\n",
      (1, "blank", ""), (3, "blank", ""))
write("csv-wrong-field-count.csv", "timestamp,chargePointId,connectorId,status,errorCode\n"
      "2026-03-01T08:00:00Z,CP-1,1,Available,NoError\n2026-03-01T08:01:00Z,CP-1,1,Faulted\n",
      (2, "used", "StatusNotification"), (3, "bad-row", "4 fields where the header has 5"))
write("csv-unclosed-quote.csv", 'timestamp,chargePointId,connectorId,status,errorCode,info\n'
      '2026-03-01T08:00:00Z,CP-1,1,Faulted,OtherError,"breaker\ntripped"\n2026-03-01T08:01:00Z,CP-1,1,Faulted,OtherError,"never closed\n',
      (2, "used", "StatusNotification"), (4, "truncated-record", "ends inside a quoted field"))
write("csv-bad-connector.csv", "timestamp,chargePointId,connectorId,status,errorCode\n2026-03-01T08:00:00Z,CP-1,one,Available,NoError\n",
      (2, "bad-row", "connectorId 'one' is not an integer"))
write("everest-truncated-record.log",
      "2024-01-01T10:00:00.000Z: ChargePoint>CentralSystem StatusNotification \n[\n  2,\n  \"a1\",\n  \"StatusNotification\",\n  {\n    \"connectorId\": 1,\n\n"
      "2024-01-01T10:00:01.000Z: ChargePoint>CentralSystem Heartbeat \n[\n  2,\n  \"a2\",\n  \"Heartbeat\",\n  {}\n]\n\n",
      (1, "truncated-record", "ends before its frame is complete"), (9, "used", "Heartbeat"))
write("everest-invalid-json.log",
      "2024-01-01T10:00:00.000Z: ChargePoint>CentralSystem StatusNotification \n[\n  2,\n  \"a1\",\n  oops\n]\n\n",
      (1, "invalid-json", "of the frame"))
write("steve-truncated-frame.log",
      "[INFO ] 2024-02-23 18:04:57,552 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId=CP001, sessionId=89] Received: [2,\"de92\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"GroundFa\n",
      (1, "invalid-json", "of the frame"))
write("steve-no-frame.log",
      "[INFO ] 2024-02-23 18:04:50,001 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId=CP001, sessionId=89] Connection is established\n"
      "[DEBUG] 2024-02-23 18:04:55,001 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId=CP001, sessionId=89] Received empty text message\n"
      "java.io.IOException: Broken pipe\n\tat org.eclipse.jetty.io.ChannelEndPoint.flush(ChannelEndPoint.java:279)\n",
      (1, "no-frame", ""), (4, "no-frame", ""))
write("steve-binary.log",
      b"[INFO ] 2024-02-23 18:04:57,552 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId=CP001, sessionId=89] Received: [2,\"1\",\"Heartbeat\",{}]\n"
      b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage\n",
      (1, "used", "Heartbeat"), (2, "binary", "control byte 0x1F"))
write("python-garbage-frame.log",
      "2021-03-17 20:24:45 INFO (MainThread) [ocpp] CP_1: receive message [2,\"1\",\"Heartbeat\",{}] trailing words\n",
      (1, "invalid-json", "of the frame"))
write("python-multiline-truncated.log",
      "2021-03-17 20:24:45 INFO (MainThread) [ocpp] CP_1: receive message [\n  2,\n  \"1\",\n"
      "2021-03-17 20:24:46 INFO (MainThread) [ocpp] CP_1: receive message [2,\"2\",\"Heartbeat\",{}]\n",
      (1, "truncated-record", "is not complete"), (4, "used", "Heartbeat"))
write("timestamped-bad-time.log",
      "2026-03-01T08:00:00Z CP-1 in " + SN + "\n2026-13-45T08:00:00Z CP-1 in " + SN + "\n",
      (1, "used", "StatusNotification"), (2, "bad-timestamp", "cannot read time '2026-13-45T08:00:00Z'"))
write("CP-1.array-bad-element.json", "[\n  " + SN_TIMED + ",\n  [2, \"x\"],\n  " + SN_TIMED + "\n]\n",
      (1, "used", ""), (2, "used", "StatusNotification"), (3, "bad-frame", "element 2"), (4, "used", "StatusNotification"))
write("CP-1.array-truncated.json", "[\n  [\n    2,\n    \"s1\",\n    \"Heartbeat\",\n",
      (1, "used", ""), (2, "truncated-record", "is not complete at the end of the file"))
write("CP-1.array-trailing-garbage.json", "[" + SN + "] and more\n",
      (1, "invalid-json", "text after the array's closing ']'"))
body = "".join(wrapped(f"2026-03-01T08:{m:02d}:00Z", [2, f"h{m}", "Heartbeat", {}]) + "\n" for m in range(60)).encode()
whole = gzip.compress(body, mtime=0)
write("truncated.jsonl.gz", whole[: len(whole) * 2 // 3],
      (1, "used", "Heartbeat"), ("last", "truncated-gzip", "compressed data ends early"))
damaged = bytearray(whole)
for i in range(40, 60):
    damaged[i] ^= 0x55
write("corrupt.jsonl.gz", bytes(damaged),
      ("last", "corrupt-gzip", "damaged compressed data"))
write("bom-crlf.jsonl", b"\xef\xbb\xbf" + GOOD.encode() + b"\r\n" + GOOD.replace('"1"', '"2"').encode() + b"\r\n",
      (1, "used", "StatusNotification"), (2, "used", "StatusNotification"))
write("callerror-spellings.jsonl", "\n".join([
    wrapped("2026-03-01T08:00:00Z", [2, "1", "DataTransfer", {"vendorId": "X"}]),
    wrapped("2026-03-01T08:00:01Z", [4, "1", "FormationViolation", "1.6 spelling", {}], direction="out"),
    wrapped("2026-03-01T08:00:02Z", [2, "2", "DataTransfer", {"vendorId": "X"}]),
    wrapped("2026-03-01T08:00:03Z", [4, "2", "FormatViolation", "2.0.1 spelling"], direction="out"),
]) + "\n", (2, "used", "DataTransfer"), (4, "used", "DataTransfer"))
write("nonstandard-values.jsonl", wrapped("2026-03-01T08:00:00Z", [2, "1", "StatusNotification", {
    "connectorId": 1, "errorCode": "Error", "status": "Broken", "vendorErrorCode": "F001,F003", "extra": {"temp": 81}}]) + "\n",
      (1, "used", "StatusNotification"))

with open("EXPECTED", "w") as f:
    f.write("# file\tline (or 'last': the line after the last one read)\tused or skip reason\ttype of the event, or a fragment of the message\n")
    f.write("\n".join(EXPECTED) + "\n")
