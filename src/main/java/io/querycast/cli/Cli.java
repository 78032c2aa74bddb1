package io.querycast.cli;

import io.querycast.config.ConfigException;

import java.io.PrintStream;
import java.util.Set;

/**
 * The command-line tools of the jar, run before (and instead of) the server:
 * {@code java -jar querycast.jar validate|describe|import-seeds ...}. Exit code 0 when all is well, 1 when
 * the command found errors, 2 when it was called wrongly (docs/local-run.md).
 */
public final class Cli {

    public static final int OK = 0;
    public static final int ERRORS = 1;
    public static final int USAGE = 2;

    private static final Set<String> COMMANDS = Set.of("validate", "describe", "import-seeds", "replay", "help", "--help");

    private Cli() {
    }

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv);
    }

    /** @param env the environment the commands read (the replay's credentials) */
    public static int run(String[] args, PrintStream out, PrintStream err, java.util.function.Function<String, String> env) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            return switch (command) {
                case "validate" -> new ValidateCommand(out).run(Arguments.parse(args, Set.of("offline"), Set.of("timeout")));
                case "describe" -> new DescribeCommand(out).run(Arguments.parse(args, Set.of("json"), Set.of("rows", "param")));
                case "import-seeds" -> new ImportSeedsCommand(out).run(Arguments.parse(args, Set.of("force"),
                        Set.of("connections", "schedules", "out", "db-connection", "queries")));
                case "replay" -> new ReplayCommand(out, env).run(Arguments.parse(args, Set.of(),
                        Set.of("job", "run", "from", "to", "reason", "url", "user")));
                default -> {
                    out.print(usage());
                    yield command.equals("help") || command.equals("--help") ? OK : USAGE;
                }
            };
        } catch (Arguments.UsageException e) {
            err.println("querycast " + command + ": " + e.getMessage());
            err.print(usage());
            return USAGE;
        } catch (ConfigException e) {
            // a setting of application.yaml or the command line, not a file the command checks
            err.println("querycast " + command + ": " + e.getMessage());
            return ERRORS;
        }
    }

    static String usage() {
        return """
                Usage: java -jar querycast.jar COMMAND [options] [--querycast.<setting>=value ...]
                  validate [--offline] [--timeout=SECONDS]
                      check every connection, job and query file; online (default) also prepares each job's query
                      on its database (key column) and asks its Kafka cluster for its topics. Exit 0 valid, 1 errors.
                  describe JOB [--rows=N] [--param=NAME=VALUE ...] [--json]
                      run JOB's query for at most N rows (default 5, at most 100) and print the Kafka records it
                      would send (key, headers, value) and the JSON Schema of the value. Sends nothing.
                  import-seeds --connections=connections.json --schedules=schedules.json --out=config/
                               [--db-connection=NAME] [--queries=DIR] [--force]
                      write Querycast's connections and job files from the seeds' files, reporting what could not
                      be carried over; passwords become ${ENV} placeholders, never literal.
                  replay --job=JOB [--run=RUN_ID] [--from=INSTANT] [--to=INSTANT] [--reason=TEXT]
                         [--url=http://localhost:8080] [--user=NAME]
                      ask the running server to re-send JOB's chosen dead letters to its topic (POST /api/replays), as a
                      run of its own; an operator's password in QUERYCAST_PASSWORD. Exit 0 when every letter was sent.
                Settings as for the server: --querycast.connections-file, --querycast.jobs-dir, --querycast.queries-dir,
                --spring.profiles.active. See docs/local-run.md.
                """;
    }
}
