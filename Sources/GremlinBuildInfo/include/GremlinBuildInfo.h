// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

#ifndef GREMLIN_BUILD_INFO_H
#define GREMLIN_BUILD_INFO_H

/// The release version `scripts/dist.sh` stamps into a bundle (from `git describe`), or "" in a
/// source build.
const char *gremlin_build_version(void);

/// The full commit a bundle was built from, or "" in a source build.
const char *gremlin_build_commit(void);

#endif
