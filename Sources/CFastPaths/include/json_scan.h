// A validating skip over JSON values for the payloads no rule reads (see
// Sources/OCPPDiagnostics/Model/JSONParser+QuickSkip.swift, which calls it first).
#ifndef OCPP_JSON_SCAN_H
#define OCPP_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// Steps over the JSON value that starts at `bytes[start]` (no whitespace before it).
/// Returns the index just after it when the value is valid JSON made of plain parts:
/// strings without escapes or non-ASCII bytes, nesting at most 64 levels below the
/// value and `depth + levels <= max_depth`. Returns -1 otherwise, damage or not: the
/// caller then reads the value the slower, careful way, which also words any error.
ptrdiff_t ocpp_json_skip(const uint8_t *bytes, ptrdiff_t count, ptrdiff_t start, ptrdiff_t depth, ptrdiff_t max_depth);

#endif
