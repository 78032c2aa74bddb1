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

    private QuerycastDemo() {
    }

    public static void main(String[] args) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, "cdg.tracking.events");
        broker.afterPropertiesSet();
        System.setProperty(BOOTSTRAP_PROPERTY, broker.getBrokersAsString());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "demo-kafka-shutdown"));
        SpringApplication.from(QuerycastApplication::main)
                .with(DemoRunner.class)
                .withAdditionalProfiles("demo")
                .run(args);
    }
}
