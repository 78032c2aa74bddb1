package benchpeer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The event benchmark's hand-written peer (EventBenchmark; outside io.querycast so the application's component scan never sees it): a minimal Spring MVC endpoint, what a team writes when it
 * needs "POST an event, get its offset" and nothing else. HTTP Basic checked against the same users' BCrypt hashes,
 * a verified pair remembered by its SHA-256 (as Querycast's credential cache does, so neither side pays BCrypt per
 * request), the body parsed once to refuse what is not JSON, then {@code KafkaProducer.send} of each event with the
 * same producer properties and the answer once its acknowledgement came. No batching of its own, no redelivery, no
 * dead-letter topic, no metrics: less than Querycast does per event.
 * <p>
 * {@code POST /floor/{type}} does the same checks and answers 202 without Kafka: the benchmark's floor side, what
 * any endpoint on Tomcat and Spring MVC costs in this JVM before it does anything with the event (the ceiling of an
 * endpoint that answers at once, as {@code ?async=true} does).
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
public class PeerApplication {

    /** Set by the benchmark before the peer starts. */
    public static Properties producerProperties;
    public static Map<String, String> userHashes;
    public static String topic;

    @Bean(destroyMethod = "close")
    KafkaProducer<String, byte[]> peerProducer() {
        return new KafkaProducer<>(producerProperties);
    }

    /** A member class of the configuration: Spring registers it as a bean by itself (a @Bean too would map it twice). */
    @RestController
    static class Events {
        private final KafkaProducer<String, byte[]> producer;
        private final ObjectMapper json = new ObjectMapper();
        private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        private final Set<String> verified = ConcurrentHashMap.newKeySet();

        Events(KafkaProducer<String, byte[]> producer) {
            this.producer = producer;
        }

        @PostMapping(path = "/events/{type}", consumes = "application/json", produces = "application/json")
        ResponseEntity<Map<String, Object>> publish(@PathVariable String type, @RequestHeader(value = "Authorization", required = false) String auth,
                                                    @RequestBody String body) throws Exception {
            ResponseEntity<Map<String, Object>> refused = refusal(auth, body);
            if (refused != null) {
                return refused;
            }
            try {
                RecordMetadata m = producer.send(new ProducerRecord<>(topic, null, body.getBytes(StandardCharsets.UTF_8))).get(120, TimeUnit.SECONDS);
                return ResponseEntity.ok(Map.of("topic", m.topic(), "partition", m.partition(), "offset", m.offset()));
            } catch (Exception e) {
                return ResponseEntity.status(503).body(Map.of("error", String.valueOf(e.getMessage())));
            }
        }

        @PostMapping(path = "/floor/{type}", consumes = "application/json", produces = "application/json")
        ResponseEntity<Map<String, Object>> accept(@PathVariable String type, @RequestHeader(value = "Authorization", required = false) String auth,
                                                   @RequestBody String body) throws Exception {
            ResponseEntity<Map<String, Object>> refused = refusal(auth, body);
            if (refused != null) {
                return refused;
            }
            return ResponseEntity.status(202).body(Map.of("type", type, "status", "accepted"));
        }

        /** 401 without valid credentials, 400 when the body is not JSON, else null: what both endpoints check first. */
        private ResponseEntity<Map<String, Object>> refusal(String auth, String body) throws Exception {
            if (!authorized(auth)) {
                return ResponseEntity.status(401).build();
            }
            try {
                json.readTree(body);
            } catch (Exception e) {
                return ResponseEntity.badRequest().body(Map.of("error", "malformed JSON"));
            }
            return null;
        }

        private boolean authorized(String header) throws Exception {
            if (header == null || !header.startsWith("Basic ")) {
                return false;
            }
            String pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pair.getBytes(StandardCharsets.UTF_8)));
            if (verified.contains(digest)) {
                return true;
            }
            int colon = pair.indexOf(':');
            String hash = colon < 0 ? null : userHashes.get(pair.substring(0, colon));
            if (hash != null && bcrypt.matches(pair.substring(colon + 1), hash)) {
                verified.add(digest);
                return true;
            }
            return false;
        }
    }
}
