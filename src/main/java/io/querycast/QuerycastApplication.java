package io.querycast;

import io.querycast.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class QuerycastApplication {
    /**
     * Starts the server, or runs a command-line tool ({@code validate}, {@code describe}, {@code import-seeds}, {@code replay})
     * without it: no web server, Camel context or state store is started for a tool.
     */
    public static void main(String[] args) {
        if (args.length > 0 && Cli.isCommand(args[0])) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(QuerycastApplication.class, args);
    }
}
