// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// The only place libgit2's C API is declared to Swift.
#ifndef GREMLIN_CLIBGIT2_SHIM_H
#define GREMLIN_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/commit.h>
#endif
