package io.querycast.cli;

import java.io.PrintStream;

final class ImportSeedsCommand {
    private final PrintStream out;
    ImportSeedsCommand(PrintStream out) { this.out = out; }
    int run(Arguments args) { return Cli.USAGE; }
}
