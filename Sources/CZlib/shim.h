// zlib, for streaming gzip input (see Sources/OCPPDiagnostics/Ingest/ByteSource.swift).
#include <zlib.h>
