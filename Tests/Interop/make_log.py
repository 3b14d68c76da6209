#!/usr/bin/env python3
"""Interoperability check against real OCPP software: the Python `ocpp` library (2.1.0).

Writes logs into OUT_DIR (the first argument) that the library itself produced or serialized:

  csms.log        A central system and a charge point, both the library's v16.ChargePoint,
                  talking over an in-memory connection. The central system's "ocpp" logger
                  writes Home Assistant's log format, so every line is the library's own
                  "%s: receive message %s" / "%s: send %s".
  CP-INTEROP.log  The charge point's side of the same exchange, in logging.basicConfig's
                  default format (no time): read with --perspective charge-point.
  frames.log      Messages built from the library's ocpp.v16.call / call_result payload
                  classes and serialized with ocpp.messages.Call / CallResult(...).to_json(),
                  one per line after a log time and the charge point id and direction.

.ci/run installs the library into a throwaway virtual environment, runs this script and
fails unless `ocpp-diag analyze` reads every line of every log.
"""
import asyncio
import logging
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ocpp.charge_point import remove_nones, serialize_as_dict, snake_to_camel_case
from ocpp.messages import Call, CallResult
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action, ChargePointErrorCode, ChargePointStatus, RegistrationStatus, ResetStatus, ResetType

CP_ID = "CP-INTEROP"


class Pipe:
    """One direction of an in-memory websocket: what one side sends, the other receives."""

    def __init__(self):
        self.queue = asyncio.Queue()


class Connection:
    def __init__(self, inbound, outbound):
        self.inbound, self.outbound = inbound, outbound

    async def recv(self):
        return await self.inbound.queue.get()

    async def send(self, message):
        await self.outbound.queue.put(message)


class CentralSystem(ChargePoint):
    @on(Action.boot_notification)
    def on_boot(self, charge_point_vendor, charge_point_model, **kwargs):
        return call_result.BootNotification(current_time=now(), interval=300, status=RegistrationStatus.accepted)

    @on(Action.heartbeat)
    def on_heartbeat(self):
        return call_result.Heartbeat(current_time=now())

    @on(Action.status_notification)
    def on_status(self, connector_id, error_code, status, **kwargs):
        return call_result.StatusNotification()


class Charger(ChargePoint):
    @on(Action.reset)
    def on_reset(self, type, **kwargs):
        return call_result.Reset(status=ResetStatus.accepted)


def now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def logger(name, path, fmt):
    log = logging.getLogger(name)
    log.setLevel(logging.INFO)
    log.propagate = False
    handler = logging.FileHandler(path, mode="w")
    formatter = logging.Formatter(fmt)
    formatter.converter = time.gmtime  # naive times in UTC, whatever the machine's zone
    handler.setFormatter(formatter)
    log.addHandler(handler)
    return log


async def exchange(out_dir):
    to_csms, to_cp = Pipe(), Pipe()
    csms = CentralSystem(CP_ID, Connection(to_csms, to_cp),
                         logger=logger("ocpp.csms", out_dir / "csms.log", "%(asctime)s %(levelname)s (%(threadName)s) [ocpp] %(message)s"))
    charger = Charger(CP_ID, Connection(to_cp, to_csms),
                      logger=logger("ocpp.charger", out_dir / "CP-INTEROP.log", "%(levelname)s:ocpp:%(message)s"))
    tasks = [asyncio.create_task(csms.start()), asyncio.create_task(charger.start())]

    await charger.call(call.BootNotification(charge_point_vendor="ACME", charge_point_model="AC22"))
    await charger.call(call.StatusNotification(connector_id=1, error_code=ChargePointErrorCode.no_error,
                                               status=ChargePointStatus.available, timestamp=now()))
    await charger.call(call.Heartbeat())
    for code in [ChargePointErrorCode.ground_failure, ChargePointErrorCode.ground_failure]:
        await charger.call(call.StatusNotification(connector_id=1, error_code=code, status=ChargePointStatus.faulted,
                                                   timestamp=now(), vendor_id="ACME", vendor_error_code="F001,F003"))
        await charger.call(call.StatusNotification(connector_id=1, error_code=ChargePointErrorCode.no_error,
                                                   status=ChargePointStatus.available, timestamp=now()))
    await csms.call(call.Reset(type=ResetType.hard))
    await charger.call(call.BootNotification(charge_point_vendor="ACME", charge_point_model="AC22"))
    await charger.call(call.StatusNotification(connector_id=2, error_code=ChargePointErrorCode.power_switch_failure,
                                               status=ChargePointStatus.faulted, timestamp=now()))
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def frames(out_dir):
    """The library's payload classes and message serialization, written as timestamped lines."""
    start = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    exchange = [
        ("in", call.BootNotification(charge_point_vendor="ACME", charge_point_model="AC22")),
        ("out", call_result.BootNotification(current_time=start.isoformat(), interval=300, status=RegistrationStatus.accepted)),
        ("in", call.StatusNotification(connector_id=1, error_code=ChargePointErrorCode.over_current_failure,
                                       status=ChargePointStatus.faulted, info="OCP tripped", vendor_error_code="E12")),
        ("out", call_result.StatusNotification()),
        ("out", call.UnlockConnector(connector_id=1)),
        ("in", call_result.UnlockConnector(status="UnlockFailed")),
        ("in", call.MeterValues(connector_id=1, meter_value=[{"timestamp": start.isoformat(), "sampledValue": [{"value": "12.5", "measurand": "Power.Active.Import"}]}])),
        ("out", call_result.MeterValues()),
    ]
    lines = []
    pending = None
    for i, (direction, payload) in enumerate(exchange):
        body = remove_nones(snake_to_camel_case(serialize_as_dict(payload)))
        if payload.__class__.__module__.endswith("call"):
            pending = f"m{i}"
            message = Call(unique_id=pending, action=payload.__class__.__name__, payload=body)
        else:
            message = CallResult(unique_id=pending, payload=body, action=payload.__class__.__name__)
        when = start + timedelta(seconds=i)
        lines.append(f"{when.isoformat(timespec='milliseconds').replace('+00:00', 'Z')} {CP_ID} {direction} {message.to_json()}")
    (out_dir / "frames.log").write_text("\n".join(lines) + "\n")


def main():
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(exchange(out_dir))
    frames(out_dir)


if __name__ == "__main__":
    main()
