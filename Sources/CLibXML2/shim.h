// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// The only place libxml2's C API is declared to Swift.
#ifndef GREMLIN_CLIBXML2_SHIM_H
#define GREMLIN_CLIBXML2_SHIM_H
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#endif
