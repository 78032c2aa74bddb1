package io.querycast.demo;

import io.querycast.QuerycastApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The embedded default: an in-process KRaft Kafka broker, an in-memory H2 database seeded with sample
 * shipment-tracking events (config/demo/), and the sample job run once at start. Lives in the test
 * sources so the broker's jars never ship with the application. Run it with {@code mvn spring-boot:test-run}.
 */
public final class QuerycastDemo {

    public static final String BOOTSTRAP_PROPERTY = "QUERYCAST_DEMO_BOOTSTRAP";
    /** Read by config/demo/users.yaml; set to fresh random passwords at every start. */
    static final String OPERATOR_PASSWORD_PROPERTY = "QUERYCAST_DEMO_OPERATOR_PASSWORD";
    static final String VIEWER_PASSWORD_PROPERTY = "QUERYCAST_DEMO_VIEWER_PASSWORD";

    private QuerycastDemo() {
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static void main(String[] args) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, "cdg.tracking.events");
        broker.afterPropertiesSet();
        System.setProperty(BOOTSTRAP_PROPERTY, broker.getBrokersAsString());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "demo-kafka-shutdown"));
        String operatorPassword = randomPassword();
        String viewerPassword = randomPassword();
        System.setProperty(OPERATOR_PASSWORD_PROPERTY, operatorPassword);
        System.setProperty(VIEWER_PASSWORD_PROPERTY, viewerPassword);
        // printed once, here, and nowhere else: the application only ever holds their BCrypt hashes
        String line = "=".repeat(78);
        System.out.println(line);
        System.out.println(" Querycast demo API and dashboard credentials (new at every start, config/demo/users.yaml):");
        System.out.println("   operator : demo-operator / " + operatorPassword);
        System.out.println("   viewer   : demo-viewer / " + viewerPassword);
        System.out.println(line);
        SpringApplication.from(QuerycastApplication::main)
                .with(DemoRunner.class)
                .withAdditionalProfiles("demo")
                .run(args);
    }
}
