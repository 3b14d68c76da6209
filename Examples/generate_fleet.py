#!/usr/bin/env python3
"""Generate Examples/fleet.jsonl: a sample OCPP 1.6J log of a small charging fleet.

The log covers 2026-03-01 06:00Z to 2026-03-02 12:00Z for ten charge points
(CP-0001 .. CP-0010), written from the central system's point of view in the
wrapped-frame shape (one JSON object per line: timestamp, chargePointId,
direction, message). Ordinary traffic (boots, heartbeats, charging sessions with
meter values) is mixed with a handful of injected problems that the built-in
rule pack should diagnose; see Examples/README.md.

Deterministic: the only randomness comes from a generator with a fixed seed,
so running the script again reproduces the file byte for byte.

    python3 Examples/generate_fleet.py            # writes Examples/fleet.jsonl
    python3 Examples/generate_fleet.py -o out.jsonl
"""

import argparse
import json
import os
import random
from datetime import datetime, timedelta, timezone

SEED = 20260301
LOG_START = datetime(2026, 3, 1, 6, 0, 0, tzinfo=timezone.utc)
LOG_END = datetime(2026, 3, 2, 12, 0, 0, tzinfo=timezone.utc)
HEARTBEAT_INTERVAL = 900  # seconds, as sent in BootNotification.conf
METER_INTERVAL = 600  # seconds between periodic MeterValues during a session

rng = random.Random(SEED)


def day(d, hh, mm, ss=0):
    """A time on 2026-03-0<d> (UTC)."""
    return datetime(2026, 3, d, hh, mm, ss, tzinfo=timezone.utc)


def iso(t, millis=True):
    if millis:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def latency():
    """Round trip of one answer, 15-140 ms."""
    return timedelta(milliseconds=rng.randint(15, 140))


def jitter(max_ms=900):
    return timedelta(milliseconds=rng.randint(0, max_ms))


_tx_counter = [4100]


def next_transaction_id():
    _tx_counter[0] += 1
    return _tx_counter[0]


class ChargePoint:
    """Collects the frames of one charge point and its central-system connection."""

    def __init__(self, cp_id, vendor, model, firmware, connectors, max_power_w):
        self.id = cp_id
        self.vendor = vendor
        self.model = model
        self.firmware = firmware
        self.connectors = connectors
        self.max_power_w = max_power_w
        self.lines = []  # (time, order, record)
        self.order = 0
        self.cp_uid = 1000
        self.cs_uid = 9000
        self.offline = []  # [start, end) windows without a connection
        self.meter = {c: rng.randint(1_200_000, 9_800_000) for c in range(1, connectors + 1)}

    # -- raw frames ---------------------------------------------------------------
    def _emit(self, t, direction, message):
        self.order += 1
        record = {"timestamp": iso(t), "chargePointId": self.id, "direction": direction, "message": message}
        self.lines.append((t, self.order, record))

    def call(self, t, action, payload, answer):
        """A request from the charge point and the central system's answer."""
        self.cp_uid += 1
        uid = str(self.cp_uid)
        self._emit(t, "in", [2, uid, action, payload])
        done = t + latency()
        self._emit(done, "out", [3, uid, answer(done) if callable(answer) else answer])
        return done

    def command(self, t, action, payload, answer):
        """A request from the central system and the charge point's answer."""
        self.cs_uid += 1
        uid = str(self.cs_uid)
        self._emit(t, "out", [2, uid, action, payload])
        done = t + latency() + timedelta(milliseconds=rng.randint(50, 400))
        self._emit(done, "in", [3, uid, answer])
        return done

    # -- messages -------------------------------------------------------------------
    def status(self, t, connector, status, error="NoError", info=None, vendor_error=None, vendor_id=None):
        payload = {"connectorId": connector, "errorCode": error, "status": status,
                   "timestamp": iso(t - timedelta(milliseconds=t.microsecond // 1000), millis=False)}
        if info is not None:
            payload["info"] = info
        if vendor_id is not None:
            payload["vendorId"] = vendor_id
        if vendor_error is not None:
            payload["vendorErrorCode"] = vendor_error
        return self.call(t, "StatusNotification", payload, {})

    def boot(self, t, statuses, station="Available"):
        """BootNotification, then the status of connector 0 and of each connector."""
        payload = {"chargePointVendor": self.vendor, "chargePointModel": self.model,
                   "chargePointSerialNumber": f"SN-{self.id[3:]}-{self.model}", "firmwareVersion": self.firmware}
        done = self.call(t, "BootNotification", payload,
                         lambda at: {"status": "Accepted", "currentTime": iso(at), "interval": HEARTBEAT_INTERVAL})
        t = done + timedelta(milliseconds=rng.randint(300, 900))
        t = self.status(t, 0, station) + jitter(300)
        for c in range(1, self.connectors + 1):
            st = statuses.get(c, "Available")
            if isinstance(st, tuple):
                t = self.status(t, c, *st) + jitter(300)
            else:
                t = self.status(t, c, st) + jitter(300)
        return t

    def crash(self, t, back):
        """The connection is lost at t (reboot, power dip); nothing is heard until `back`."""
        self.offline.append((t, back))

    def meter_values(self, t, connector, tx, power_w, soc=None, context="Sample.Periodic"):
        sampled = [
            {"value": str(self.meter[connector]), "context": context, "measurand": "Energy.Active.Import.Register",
             "unit": "Wh"},
            {"value": str(int(power_w)), "context": context, "measurand": "Power.Active.Import", "unit": "W"},
        ]
        if soc is not None:
            sampled.append({"value": str(int(soc)), "context": context, "measurand": "SoC", "unit": "Percent"})
        payload = {"connectorId": connector, "transactionId": tx,
                   "meterValue": [{"timestamp": iso(t, millis=False), "sampledValue": sampled}]}
        return self.call(t, "MeterValues", payload, {})

    def authorize(self, t, id_tag, result="Accepted"):
        return self.call(t, "Authorize", {"idTag": id_tag}, {"idTagInfo": {"status": result}})

    def start_transaction(self, t, connector, id_tag, auth="Accepted"):
        tx = next_transaction_id()
        payload = {"connectorId": connector, "idTag": id_tag, "meterStart": self.meter[connector],
                   "timestamp": iso(t, millis=False)}
        done = self.call(t, "StartTransaction", payload, {"transactionId": tx, "idTagInfo": {"status": auth}})
        return tx, done

    def firmware_status(self, t, status):
        return self.call(t, "FirmwareStatusNotification", {"status": status}, {})

    def stop_transaction(self, t, connector, tx, reason, id_tag=None):
        payload = {"transactionId": tx, "meterStop": self.meter[connector], "timestamp": iso(t, millis=False),
                   "reason": reason}
        if id_tag is not None:
            payload["idTag"] = id_tag
        answer = {"idTagInfo": {"status": "Accepted"}} if id_tag is not None else {}
        return self.call(t, "StopTransaction", payload, answer)

    # -- a whole session ------------------------------------------------------------
    def session(self, plug, connector, id_tag, charge_minutes, idle_minutes=5, finishing_minutes=3,
                power_w=None, soc_start=None, brief_suspend=False, unplug=True):
        """Plug in, authorize, charge, (EV full) idle, stop with the card, unplug.

        Returns the time the connector is Available again (with unplug=False, the
        time it reported Finishing, leaving the rest to the caller).
        """
        power = power_w or self.max_power_w * rng.uniform(0.8, 0.98)
        t = self.status(plug, connector, "Preparing") + timedelta(seconds=rng.randint(8, 40))
        t = self.authorize(t, id_tag) + jitter(600)
        tx, t = self.start_transaction(t, connector, id_tag)
        t += jitter(700)
        if brief_suspend:
            # The car takes a moment to close its relay: a couple of seconds of SuspendedEV is normal.
            t = self.status(t, connector, "SuspendedEV") + timedelta(seconds=rng.randint(2, 4))
        t = self.status(t, connector, "Charging")
        charge_end = t + timedelta(minutes=charge_minutes)
        soc = soc_start
        sample = t + timedelta(seconds=METER_INTERVAL)
        while sample < charge_end:
            self.meter[connector] += int(power * METER_INTERVAL / 3600)
            if soc is not None:
                soc = min(100, soc + power * METER_INTERVAL / 3600 / 600)  # ~60 kWh battery
            self.meter_values(sample, connector, tx, power * rng.uniform(0.97, 1.0), soc)
            sample += timedelta(seconds=METER_INTERVAL)
        t = charge_end
        if idle_minutes:
            # Battery full (or the car's limit reached): the vehicle stops drawing.
            t = self.status(t, connector, "SuspendedEV")
            idle_end = t + timedelta(minutes=idle_minutes)
            sample = max(sample, t + timedelta(seconds=60))
            while sample < idle_end:
                self.meter_values(sample, connector, tx, 0, soc)
                sample += timedelta(seconds=METER_INTERVAL)
            t = idle_end
        t = self.stop_transaction(t, connector, tx, "Local", id_tag) + jitter(400)
        t = self.status(t, connector, "Finishing")
        if not unplug:
            return t
        t += timedelta(minutes=finishing_minutes, seconds=rng.randint(0, 50))
        return self.status(t, connector, "Available")

    def interrupted_session(self, plug, connector, id_tag, charge_minutes, power_w=None):
        """Start a session that something else will end; returns (tx, time charging stops)."""
        power = power_w or self.max_power_w * rng.uniform(0.8, 0.98)
        t = self.status(plug, connector, "Preparing") + timedelta(seconds=rng.randint(8, 40))
        t = self.authorize(t, id_tag) + jitter(600)
        tx, t = self.start_transaction(t, connector, id_tag)
        t = self.status(t + jitter(700), connector, "Charging")
        end = t + timedelta(minutes=charge_minutes)
        sample = t + timedelta(seconds=METER_INTERVAL)
        while sample < end:
            self.meter[connector] += int(power * METER_INTERVAL / 3600)
            self.meter_values(sample, connector, tx, power * rng.uniform(0.97, 1.0))
            sample += timedelta(seconds=METER_INTERVAL)
        self.meter[connector] += int(power * (end - sample + timedelta(seconds=METER_INTERVAL)).total_seconds() / 3600)
        return tx, end

    # -- heartbeats -----------------------------------------------------------------
    def add_heartbeats(self):
        """Heartbeat whenever the charge point has sent nothing for a full interval while connected."""
        sent = sorted(t for t, _, r in self.lines if r["direction"] == "in" and r["message"][0] == 2)
        sent.append(LOG_END)
        interval = timedelta(seconds=HEARTBEAT_INTERVAL)
        beats = []
        for a, b in zip(sent, sent[1:]):
            t = a + interval + jitter(400)
            while t < b - timedelta(seconds=2):
                if not any(start <= t < end for start, end in self.offline):
                    beats.append(t)
                t += interval + jitter(400)
        for t in beats:
            self.call(t, "Heartbeat", {}, lambda at: {"currentTime": iso(at)})

    def renumber(self):
        """Give the charge point's requests unique ids in time order, as a real charger would.

        Heartbeats are added after everything else, so their ids would otherwise be out of order.
        """
        self.lines.sort(key=lambda x: (x[0], x[1]))
        new_ids = {}
        for _, _, r in self.lines:
            m = r["message"]
            if m[0] == 2 and r["direction"] == "in":
                new_ids[m[1]] = str(1001 + len(new_ids))
        for _, _, r in self.lines:
            m = r["message"]
            if (m[0] == 2 and r["direction"] == "in") or (m[0] == 3 and r["direction"] == "out"):
                m[1] = new_ids[m[1]]


def build():
    cps = []

    # CP-0001: dual-socket AC post. Connector 2 trips its RCD three times in one day;
    # a driver leaves a car plugged in on connector 1 all evening.
    cp = ChargePoint("CP-0001", "VoltPost", "AC22-D", "3.8.2", 2, 11000)
    cps.append(cp)
    cp.boot(day(1, 6, 0, 4), {})
    cp.session(day(1, 7, 42, 10), 1, "04E1A2B3C4D5", 85, idle_minutes=12, soc_start=38, brief_suspend=True)
    # first ground fault, mid-session
    tx, t = cp.interrupted_session(day(1, 9, 35, 20), 2, "04F7C2D9E0A1", 44)
    t = cp.status(t, 2, "Faulted", "GroundFailure", info="residual DC 7.1mA", vendor_error="RCD-DC6")
    t = cp.stop_transaction(t + timedelta(seconds=1), 2, tx, "Other")
    cp.status(t + timedelta(minutes=8, seconds=12), 2, "Available")
    cp.session(day(1, 12, 5, 40), 1, "04C3D4E5F6A7", 64, idle_minutes=4)
    # second ground fault, another car
    tx, t = cp.interrupted_session(day(1, 14, 5, 3), 2, "04B9A8C7D6E5", 45)
    t = cp.status(t, 2, "Faulted", "GroundFailure", info="residual DC 6.8mA", vendor_error="RCD-DC6")
    t = cp.stop_transaction(t + timedelta(seconds=1), 2, tx, "Other")
    cp.status(t + timedelta(minutes=11, seconds=40), 2, "Available")
    # long session on connector 1; the car then stays plugged in for hours
    cp.session(day(1, 17, 30, 12), 1, "04A1B2C3D4E5", 95, idle_minutes=15, finishing_minutes=145)
    # third ground fault, a few minutes into charging: the operator takes the connector out of service
    tx, t = cp.interrupted_session(day(1, 18, 40, 31), 2, "04D5E6F7A8B9", 3)
    t = cp.status(t, 2, "Faulted", "GroundFailure", info="residual DC 7.4mA", vendor_error="RCD-DC6")
    t = cp.stop_transaction(t + timedelta(seconds=1), 2, tx, "Other")
    t = cp.command(t + timedelta(minutes=12, seconds=3), "ChangeAvailability", {"connectorId": 2, "type": "Inoperative"},
                   {"status": "Accepted"})
    cp.status(t + timedelta(seconds=1), 2, "Unavailable")
    cp.session(day(2, 8, 10, 45), 1, "04E1A2B3C4D5", 70, idle_minutes=6, brief_suspend=True)

    # CP-0002: dual-socket AC post. A vehicle handshake hiccup on connector 2; the contactor of
    # connector 1 welds at the end of a session.
    cp = ChargePoint("CP-0002", "VoltPost", "AC22-D", "3.8.2", 2, 11000)
    cps.append(cp)
    cp.boot(day(1, 6, 0, 9), {})
    t = cp.status(day(1, 8, 30, 5), 2, "Preparing")
    t = cp.status(t + timedelta(seconds=25), 2, "Preparing", "EVCommunicationError", info="pilot state E")
    cp.status(t + timedelta(seconds=58), 2, "Available")  # driver unplugs ...
    cp.session(day(1, 8, 32, 11), 2, "04AA11BB22CC", 75, idle_minutes=8)  # ... and plugs in again
    t = cp.session(day(1, 11, 0, 37), 1, "04DD33EE44FF", 100, idle_minutes=0, unplug=False)
    t += timedelta(seconds=4)  # the contactor does not open: the charger sees it still closed
    t = cp.status(t, 1, "Faulted", "PowerSwitchFailure", info="K1 feedback closed", vendor_error="E-RLY-07")
    t = cp.command(t + timedelta(minutes=3, seconds=20), "ChangeAvailability", {"connectorId": 1, "type": "Inoperative"},
                   {"status": "Accepted"})
    cp.session(day(1, 16, 2, 50), 2, "04AB12CD34EF", 90, idle_minutes=20)
    cp.session(day(2, 9, 1, 14), 2, "04AA11BB22CC", 60, idle_minutes=3, brief_suspend=True)

    # CP-0003: single-connector DC charger. An internal error survives a soft reset and is
    # cleared by a hard reset (the charger briefly reports Faulted/NoError while it starts).
    cp = ChargePoint("CP-0003", "RapidCo", "DC50", "2.4.1", 1, 48000)
    cps.append(cp)
    cp.boot(day(1, 6, 1, 2), {})
    cp.session(day(1, 7, 15, 31), 1, "04CC55DD66EE", 32, idle_minutes=0, finishing_minutes=1, soc_start=22)
    t = cp.status(day(1, 11, 5, 12), 1, "Faulted", "InternalError", info="PLC watchdog timeout", vendor_error="0x2103")
    t = cp.command(day(1, 11, 9, 0), "Reset", {"type": "Soft"}, {"status": "Accepted"})
    cp.crash(t + timedelta(seconds=2), day(1, 11, 10, 20))
    cp.boot(day(1, 11, 10, 20), {1: ("Faulted", "InternalError", "PLC watchdog timeout", "0x2103")})
    t = cp.command(day(1, 11, 16, 30), "Reset", {"type": "Hard"}, {"status": "Accepted"})
    cp.crash(t + timedelta(seconds=1), day(1, 11, 18, 41))
    t = cp.boot(day(1, 11, 18, 41), {1: "Faulted"})
    cp.status(t + timedelta(seconds=18), 1, "Available")
    cp.session(day(1, 13, 30, 8), 1, "04EE77FF88AA", 28, idle_minutes=0, finishing_minutes=1, soc_start=31)
    cp.session(day(1, 17, 50, 44), 1, "04CC55DD66EE", 41, idle_minutes=2, finishing_minutes=2, soc_start=15)
    cp.session(day(2, 7, 40, 3), 1, "04BB99CC00DD", 25, idle_minutes=0, finishing_minutes=1, soc_start=40)
    cp.session(day(2, 10, 12, 27), 1, "04EE77FF88AA", 35, idle_minutes=1, finishing_minutes=1, soc_start=27)

    # CP-0004: dual-socket AC wallbox. A driver whose card is rejected leaves the connector in
    # Preparing; in the evening the charger reboots by itself four times in under an hour.
    cp = ChargePoint("CP-0004", "HomeGrid", "AC11-W", "1.12.0", 2, 11000)
    cps.append(cp)
    cp.boot(day(1, 6, 0, 40), {})
    t = cp.status(day(1, 8, 20, 10), 1, "Preparing")
    t = cp.authorize(t + timedelta(seconds=30), "0412AB99CD01", "Invalid")
    cp.authorize(day(1, 8, 22, 5), "0412AB99CD01", "Invalid")
    cp.status(day(1, 9, 5, 33), 1, "Available")
    cp.session(day(1, 10, 0, 19), 2, "04AB77CD88EF", 110, idle_minutes=10)
    cp.session(day(1, 15, 20, 2), 1, "04F1E2D3C4B5", 80, idle_minutes=6, brief_suspend=True)
    tx, t = cp.interrupted_session(day(1, 20, 40, 8), 1, "04C0FFEE1234", 30)
    boots = [day(1, 21, 11, 30), day(1, 21, 26, 10), day(1, 21, 40, 31), day(1, 21, 56, 20)]
    crashes = [t, day(1, 21, 24, 52), day(1, 21, 39, 5), day(1, 21, 55, 2)]
    for i, (down, up) in enumerate(zip(crashes, boots)):
        cp.crash(down, up)
        t = cp.boot(up, {1: "Finishing"})
        if i == 0:
            # the transaction interrupted by the first reboot is closed once the charger is back
            cp.stop_transaction(t + jitter(500), 1, tx, "Reboot")
    cp.status(day(1, 22, 10, 45), 1, "Available")
    cp.session(day(2, 9, 30, 55), 2, "04AB77CD88EF", 95, idle_minutes=7)

    # CP-0005: dual-socket AC post on a weak feeder. Weak modem signal early in the morning; a
    # car that sits full for an hour; a site undervoltage the next morning hits both connectors.
    cp = ChargePoint("CP-0005", "VoltPost", "AC22-D", "3.7.9", 2, 11000)
    cps.append(cp)
    cp.boot(day(1, 6, 2, 15), {})
    cp.status(day(1, 6, 31, 2), 0, "Available", "WeakSignal", info="RSSI -109dBm")
    cp.status(day(1, 7, 4, 48), 0, "Available")
    cp.session(day(1, 9, 15, 27), 1, "04D1D2D3D4D5", 75, idle_minutes=10)
    cp.session(day(1, 13, 0, 6), 2, "04A9B8C7D6E5", 70, idle_minutes=55, brief_suspend=True)
    cp.session(day(1, 18, 20, 33), 1, "04D1D2D3D4D5", 60, idle_minutes=5)
    tx, t = cp.interrupted_session(day(2, 7, 30, 9), 1, "04A9B8C7D6E5", 22)
    t = cp.status(t, 1, "Faulted", "UnderVoltage", info="L1 187V")
    t = cp.status(t + timedelta(seconds=1), 2, "Faulted", "UnderVoltage", info="L1 186V")
    t = cp.stop_transaction(t + timedelta(seconds=1), 1, tx, "Other")
    t = cp.status(day(2, 8, 9, 12), 2, "Available")
    t = cp.status(t + timedelta(seconds=2), 1, "Finishing")
    cp.status(day(2, 8, 14, 40), 1, "Available")
    cp.session(day(2, 10, 5, 51), 2, "04D1D2D3D4D5", 65, idle_minutes=6)

    # CP-0006: DC charger speaking ChargeX codes. In the morning the cable runs hot and the
    # charger derates (CX018), later clearing it; in the afternoon the cable overheats again
    # and the charger stops (CX019). The operator takes the connector out of service.
    cx = "https://chargex.inl.gov"
    cp = ChargePoint("CP-0006", "RapidCo", "DC150", "5.1.0", 1, 140000)
    cps.append(cp)
    cp.boot(day(1, 6, 3, 12), {})
    cp.session(day(1, 7, 5, 40), 1, "04BB11CC22DD", 28, idle_minutes=0, finishing_minutes=1, soc_start=25,
               brief_suspend=True)
    tx, t = cp.interrupted_session(day(1, 9, 40, 2), 1, "04AC34BD56CE", 12)
    t = cp.status(t, 1, "Charging", "HighTemperature", info="cable 81C, derated", vendor_error="CX018", vendor_id=cx)
    t += timedelta(minutes=9)
    t = cp.status(t, 1, "Charging", info="Error CX018 resolved", vendor_error="CX018", vendor_id=cx)
    cp.meter[1] += 9000
    t = cp.meter_values(t + timedelta(minutes=6), 1, tx, 52000, 71)
    t = cp.stop_transaction(t + timedelta(minutes=4), 1, tx, "Local", "04AC34BD56CE")
    t = cp.status(t + jitter(400), 1, "Finishing")
    cp.status(t + timedelta(minutes=1, seconds=12), 1, "Available")
    cp.session(day(1, 12, 20, 9), 1, "04BB11CC22DD", 24, idle_minutes=0, finishing_minutes=1, soc_start=30)
    tx, t = cp.interrupted_session(day(1, 15, 2, 45), 1, "04DE78EF90AB", 14)
    t = cp.status(t, 1, "Faulted", "HighTemperature", info="cable 96C", vendor_error="CX019", vendor_id=cx)
    t = cp.stop_transaction(t + timedelta(seconds=1), 1, tx, "Other")
    t = cp.command(t + timedelta(minutes=6), "ChangeAvailability", {"connectorId": 1, "type": "Inoperative"},
                   {"status": "Accepted"})
    cp.status(t + timedelta(seconds=1), 1, "Unavailable")

    # CP-0007: DC charger speaking EVgo MREC codes. A driver-fixable code while plugging in
    # (replug fixes it); after an evening session the charger measures voltage on the idle
    # connector (F008, a safety code).
    mrec = "com.evgo.mrec"
    cp = ChargePoint("CP-0007", "RapidCo", "DC150", "5.1.0", 1, 140000)
    cps.append(cp)
    cp.boot(day(1, 6, 4, 30), {})
    t = cp.status(day(1, 8, 12, 3), 1, "Preparing")
    t = cp.status(t + timedelta(seconds=14), 1, "Faulted", "OtherError", info="0", vendor_error="A004", vendor_id=mrec)
    cp.status(t + timedelta(seconds=40), 1, "Available")
    cp.session(day(1, 8, 13, 31), 1, "04CA11FE22BD", 30, idle_minutes=0, finishing_minutes=1, soc_start=18)
    cp.session(day(1, 13, 44, 51), 1, "04AB98CD76EF", 26, idle_minutes=0, finishing_minutes=2, soc_start=33)
    t = cp.session(day(1, 19, 5, 5), 1, "04CA11FE22BD", 35, idle_minutes=0, finishing_minutes=1, soc_start=20)
    t = cp.status(t + timedelta(seconds=3), 1, "Faulted", "OtherError", info="61.40", vendor_error="F008", vendor_id=mrec)
    t = cp.command(t + timedelta(minutes=4, seconds=10), "ChangeAvailability", {"connectorId": 1, "type": "Inoperative"},
                   {"status": "Accepted"})
    cp.status(t + timedelta(seconds=1), 1, "Unavailable")

    # CP-0008: AC post with planned work: a maintenance window (taken out of service, powered
    # down, powered up, returned to service) and a firmware update, both of which must stay
    # quiet. The next morning the card reader fails; a soft reset is refused during a session,
    # and a hard reset after it brings the reader back.
    cp = ChargePoint("CP-0008", "VoltPost", "AC22-D", "3.8.2", 2, 11000)
    cps.append(cp)
    cp.boot(day(1, 6, 1, 40), {})
    cp.session(day(1, 7, 30, 15), 2, "04EF12AB34CD", 60, idle_minutes=5)
    t = cp.command(day(1, 10, 0, 0), "ChangeAvailability", {"connectorId": 0, "type": "Inoperative"},
                   {"status": "Accepted"})
    t = cp.status(t + timedelta(seconds=1), 0, "Unavailable")
    t = cp.status(t + jitter(300), 1, "Unavailable")
    t = cp.status(t + jitter(300), 2, "Unavailable")
    cp.crash(t + timedelta(minutes=3), day(1, 11, 32, 10))  # the technician switches it off
    t = cp.boot(day(1, 11, 32, 10), {1: "Unavailable", 2: "Unavailable"}, station="Unavailable")
    t = cp.command(day(1, 11, 50, 0), "ChangeAvailability", {"connectorId": 0, "type": "Operative"},
                   {"status": "Accepted"})
    t = cp.status(t + timedelta(seconds=1), 0, "Available")
    t = cp.status(t + jitter(300), 1, "Available")
    cp.status(t + jitter(300), 2, "Available")
    cp.session(day(1, 14, 10, 2), 1, "04EF12AB34CD", 50, idle_minutes=4, brief_suspend=True)
    cp.firmware = "3.9.0"
    t = cp.command(day(2, 2, 0, 0), "UpdateFirmware",
                   {"location": "https://fw.example.net/voltpost/ac22-3.9.0.bin", "retrieveDate": "2026-03-02T02:00:00Z"},
                   {})
    t = cp.firmware_status(t + timedelta(seconds=20), "Downloading")
    t = cp.firmware_status(t + timedelta(minutes=6, seconds=30), "Downloaded")
    t = cp.status(t + timedelta(seconds=2), 1, "Unavailable")
    t = cp.status(t + jitter(300), 2, "Unavailable")
    t = cp.firmware_status(t + timedelta(seconds=3), "Installing")
    cp.crash(t + timedelta(seconds=20), day(2, 2, 12, 5))
    t = cp.boot(day(2, 2, 12, 5), {})
    cp.firmware_status(t + timedelta(seconds=2), "Installed")
    tx, t = cp.interrupted_session(day(2, 7, 45, 30), 2, "04AA99BB88CC", 40)
    cp.status(day(2, 8, 2, 11), 1, "Faulted", "ReaderFailure", info="RFID module not responding", vendor_error="RD-03")
    cp.command(day(2, 8, 9, 0), "Reset", {"type": "Soft"}, {"status": "Rejected"})
    t = cp.stop_transaction(t, 2, tx, "Local", "04AA99BB88CC")
    t = cp.status(t + jitter(400), 2, "Finishing")
    t = cp.status(t + timedelta(minutes=2, seconds=5), 2, "Available")
    t = cp.command(day(2, 8, 31, 0), "Reset", {"type": "Hard"}, {"status": "Accepted"})
    cp.crash(t + timedelta(seconds=1), day(2, 8, 33, 20))
    cp.boot(day(2, 8, 33, 20), {})
    cp.session(day(2, 10, 20, 44), 1, "04EF12AB34CD", 45, idle_minutes=3)

    # CP-0009: AC wallbox on a marginal mobile link. It reports weak signal, later drops off
    # the network for most of an hour and reconnects without rebooting. In the evening a
    # connector goes Unavailable with nothing in the log to explain it, until the operator
    # sets it Operative again.
    cp = ChargePoint("CP-0009", "HomeGrid", "AC11-W", "1.12.0", 2, 11000)
    cps.append(cp)
    cp.boot(day(1, 6, 5, 2), {})
    cp.session(day(1, 7, 0, 40), 1, "04FA12FB34FC", 70, idle_minutes=8, brief_suspend=True)
    t = cp.status(day(1, 9, 47, 30), 0, "Available", "WeakSignal", info="RSSI -113dBm")
    cp.crash(t + timedelta(minutes=2), day(1, 10, 41, 15))
    t = cp.status(day(1, 10, 41, 15), 0, "Available", "WeakSignal", info="RSSI -107dBm")
    t = cp.status(t + jitter(300), 1, "Available")
    t = cp.status(t + jitter(300), 2, "Available")
    cp.status(day(1, 11, 20, 3), 0, "Available")
    cp.session(day(1, 13, 15, 10), 2, "04FD56FE78FF", 80, idle_minutes=10)
    cp.status(day(1, 19, 2, 44), 2, "Unavailable")
    t = cp.command(day(1, 19, 48, 0), "ChangeAvailability", {"connectorId": 2, "type": "Operative"},
                   {"status": "Accepted"})
    cp.status(t + timedelta(seconds=1), 2, "Available")
    cp.session(day(2, 8, 25, 30), 1, "04FA12FB34FC", 65, idle_minutes=5)

    # CP-0010: AC post behind a site load manager. In the evening peak the central system
    # limits the charger to 0 A and a session waits, as intended. A driver whose contract is
    # blocked gets a suspended session. The next day the lock of connector 2 jams after a
    # session and the remote unlock fails; later a firmware update fails to install.
    cp = ChargePoint("CP-0010", "VoltPost", "AC22-D", "3.7.9", 2, 11000)
    cps.append(cp)
    cp.boot(day(1, 6, 6, 20), {})
    cp.session(day(1, 8, 40, 5), 1, "04C1C2C3C4C5", 55, idle_minutes=6)
    tx, t = cp.interrupted_session(day(1, 17, 10, 40), 2, "04B1B2B3B4B5", 22)
    t = cp.command(day(1, 17, 33, 0), "SetChargingProfile",
                   {"connectorId": 0, "csChargingProfiles": {
                       "chargingProfileId": 77, "stackLevel": 1, "chargingProfilePurpose": "ChargePointMaxProfile",
                       "chargingProfileKind": "Absolute", "chargingSchedule": {
                           "chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 0}]}}},
                   {"status": "Accepted"})
    t = cp.status(t + timedelta(seconds=2), 2, "SuspendedEVSE")
    for k in range(1, 9):
        cp.meter_values(t + timedelta(minutes=10 * k), 2, tx, 0)
    t = cp.command(day(1, 19, 5, 0), "ClearChargingProfile", {"id": 77}, {"status": "Accepted"})
    t = cp.status(t + timedelta(seconds=2), 2, "Charging")
    cp.meter[2] += 14000
    cp.meter_values(t + timedelta(minutes=10), 2, tx, 10800)
    t = cp.stop_transaction(t + timedelta(minutes=80), 2, tx, "Local", "04B1B2B3B4B5")
    t = cp.status(t + jitter(400), 2, "Finishing")
    cp.status(t + timedelta(minutes=2, seconds=30), 2, "Available")
    t = cp.status(day(1, 20, 30, 12), 1, "Preparing")
    t = cp.authorize(t + timedelta(seconds=15), "04DEADBEEF01") + jitter(500)
    tx, t = cp.start_transaction(t, 1, "04DEADBEEF01", auth="Blocked")
    t = cp.status(t + timedelta(seconds=1), 1, "SuspendedEVSE")
    t = cp.stop_transaction(t + timedelta(seconds=40), 1, tx, "DeAuthorized")
    t = cp.status(t + jitter(400), 1, "Finishing")
    cp.status(t + timedelta(minutes=1, seconds=20), 1, "Available")
    t = cp.session(day(2, 7, 20, 3), 2, "04C1C2C3C4C5", 45, idle_minutes=4, unplug=False)
    t = cp.status(t + timedelta(minutes=1), 2, "Finishing", "ConnectorLockFailure", info="lock motor stall",
                  vendor_error="LK-2")
    t = cp.command(t + timedelta(minutes=3), "UnlockConnector", {"connectorId": 2}, {"status": "UnlockFailed"})
    t = cp.command(t + timedelta(minutes=5), "ChangeAvailability", {"connectorId": 2, "type": "Inoperative"},
                   {"status": "Scheduled"})
    cp.status(day(2, 9, 12, 40), 2, "Unavailable")  # a technician frees the plug; the scheduled change applies
    t = cp.command(day(2, 9, 30, 0), "UpdateFirmware",
                   {"location": "https://fw.example.net/voltpost/ac22-3.9.0.bin", "retrieveDate": "2026-03-02T09:30:00Z"},
                   {})
    t = cp.firmware_status(t + timedelta(seconds=25), "Downloading")
    t = cp.firmware_status(t + timedelta(minutes=7), "Downloaded")
    t = cp.firmware_status(t + timedelta(seconds=4), "Installing")
    cp.firmware_status(t + timedelta(minutes=2, seconds=10), "InstallationFailed")

    lines = []
    for cp in cps:
        cp.add_heartbeats()
        cp.renumber()
        lines.extend((t, cp.id, o, r) for t, o, r in cp.lines if LOG_START <= t < LOG_END)
    lines.sort(key=lambda x: (x[0], x[1], x[2]))
    return [r for _, _, _, r in lines]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=os.path.join(here, "fleet.jsonl"))
    args = parser.parse_args()
    records = build()
    with open(args.output, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, separators=(",", ":")) + "\n")
    print(f"wrote {len(records)} lines to {args.output}")


if __name__ == "__main__":
    main()
