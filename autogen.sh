#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerate the build system: configure, Makefile.in and friends.
set -e
cd "$(dirname "$0")"
exec autoreconf -fi
