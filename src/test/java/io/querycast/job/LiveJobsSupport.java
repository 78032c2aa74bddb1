package io.querycast.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * What the live job tests share: a directory of their own holding connections, jobs and queries (the tests
 * write job files), and an HTTP client for the API with HTTP Basic.
 */
final class LiveJobsSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String etag() {
            return headers.firstValue("ETag").orElse(null);
        }
    }

    /** A fresh directory with connections.yaml, jobs/ and queries/ (the queries of {@code queries}). */
    static Path directory(String name, String connections, String... queries) {
        try {
            Path dir = Files.createTempDirectory("qc-" + name);
            Files.createDirectories(dir.resolve("jobs"));
            Files.createDirectories(dir.resolve("queries"));
            Files.writeString(dir.resolve("connections.yaml"), connections);
            for (int i = 0; i + 1 < queries.length; i += 2) {
                Files.writeString(dir.resolve("queries").resolve(queries[i]), queries[i + 1]);
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            // as an editor saving in place would not: a whole new file, so the watch never reads half of one
            Path temp = Files.createTempFile(file.getParent(), ".edit", ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;

    LiveJobsSupport(int port) {
        this.port = port;
    }

    HttpRequest.Builder request(String path, String credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    Response send(HttpRequest request) {
        return send(http, request);
    }

    static Response send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String credentials) {
        return send(request(path, credentials).GET().build());
    }

    Response post(String path, String credentials, String body) {
        return send(request(path, credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)).build());
    }

    Response put(String path, String credentials, String ifMatch, String body) {
        HttpRequest.Builder b = request(path, credentials).header("Content-Type", "application/json");
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b.PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response delete(String path, String credentials, String ifMatch) {
        HttpRequest.Builder b = request(path, credentials);
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b.DELETE().build());
    }
}
