// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// The only place libxml2's C API is declared to Swift.
#ifndef GREMLIN_CLIBXML2_SHIM_H
#define GREMLIN_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, so <libxml/encoding.h> includes the system <unicode/*.h>.
// A non-resilient Swift module's clients load even its `internal import`s, so GremlinKit would
// see those ICU declarations next to Foundation's bundled ICU and fail ("UErrorCode has different
// definitions"). Hiding the hook only drops two trailing pointer fields of
// xmlCharEncodingHandler from Swift's view; Swift never allocates, copies or reads that struct.
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#endif
