#!/bin/sh
# Starts Querycast from its install directory (the one holding querycast.jar, config/, queries/, routes/):
# files are read relative to it. JAVA_OPTS adds JVM options (default -Xmx512m); arguments are passed on,
# e.g. --querycast.state.instance-id=qc-prod-2. systemd runs this (deploy/querycast.service).
set -eu
cd "$(dirname "$0")/.."
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${JAVA_OPTS:--Xmx512m} -jar querycast.jar "$@"
