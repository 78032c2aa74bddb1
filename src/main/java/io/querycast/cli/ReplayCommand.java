package io.querycast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;

/**
 * {@code replay --job X [--run R] [--from T] [--to T] [--reason TEXT] [--url URL] [--user NAME]}: asks the running
 * server to re-send the job's chosen dead letters ({@code POST /api/replays}), so the replay goes through the
 * job's own delivery route and is recorded in the shared run history like any run. The password comes from
 * the environment ({@code QUERYCAST_PASSWORD}), never from the command line, where {@code ps} would show it.
 */
final class ReplayCommand {

    static final String PASSWORD_ENV = "QUERYCAST_PASSWORD";
    static final String USER_ENV = "QUERYCAST_USER";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Function<String, String> env;

    ReplayCommand(PrintStream out, Function<String, String> env) {
        this.out = out;
        this.env = env;
    }

    int run(Arguments args) throws Arguments.UsageException {
        if (!args.positional().isEmpty()) {
            throw new Arguments.UsageException("replay takes no positional arguments, got " + args.positional());
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("job", args.required("job"));
        for (String field : new String[]{"run", "from", "to", "reason"}) {
            if (args.option(field) != null) {
                body.put(field, args.option(field));
            }
        }
        String url = args.option("url") == null ? "http://localhost:8080" : args.option("url");
        String user = args.option("user") != null ? args.option("user") : env.apply(USER_ENV);
        String password = env.apply(PASSWORD_ENV);
        if (user == null || password == null) {
            throw new Arguments.UsageException("an operator's credentials are needed: --user NAME (or " + USER_ENV + ") and the password in "
                    + PASSWORD_ENV);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/replays"))
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            out.println("querycast replay: no answer from " + url + ": " + e);
            return Cli.ERRORS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.ERRORS;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            out.println("querycast replay: HTTP " + response.statusCode() + " from " + url + ": " + response.body());
            return Cli.ERRORS;
        }
        if (response.statusCode() != 200) {
            out.println("querycast replay: HTTP " + response.statusCode() + ": " + answer.path("error").asText(response.body()));
            return Cli.ERRORS;
        }
        out.printf("replay run %s of job %s: %s%n", answer.path("run_id").asText(), answer.path("job").asText(), answer.path("status").asText());
        out.printf("  dead letters read %d, matched %d: sent %d, failed %d, dead-lettered again %d, skipped (truncated) %d;"
                        + " of another topic (left) %d%n",
                answer.path("letters_read").asLong(), answer.path("matched").asLong(), answer.path("sent").asLong(),
                answer.path("failed").asLong(), answer.path("dead_lettered").asLong(), answer.path("skipped_truncated").asLong(),
                answer.path("other_topic").asLong());
        out.printf("  history: %s%s%n", url.replaceAll("/+$", ""), answer.path("history").asText());
        return answer.path("failed").asLong() == 0 && answer.path("dead_lettered").asLong() == 0 ? Cli.OK : Cli.ERRORS;
    }
}
