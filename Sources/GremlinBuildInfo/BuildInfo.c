// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// scripts/dist.sh passes -Xcc -DGREMLIN_VERSION="…" -Xcc -DGREMLIN_COMMIT="…": the only place a
// release's version enters the binary. A plain `swift build` leaves both empty.
#include "GremlinBuildInfo.h"

#ifndef GREMLIN_VERSION
#define GREMLIN_VERSION ""
#endif
#ifndef GREMLIN_COMMIT
#define GREMLIN_COMMIT ""
#endif

const char *gremlin_build_version(void) { return GREMLIN_VERSION; }

const char *gremlin_build_commit(void) { return GREMLIN_COMMIT; }
