package io.querycast.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.ByteArrayOutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's fourth side (bench/run.sh): the pipeline a team writes by hand, in its own JVM. A JDBC cursor with
 * the connection's fetch size (autocommit off, so PostgreSQL streams), Jackson writing each row as one JSON object
 * (column names in lower case, values as {@code rs.getObject} gives them, dates as ISO text), {@code KafkaProducer.send}
 * with one callback per record keyed by the key column, then {@code flush}. Same producer properties as the route and
 * ProducerPerformance. With {@code metadata} (bench/run.sh --metadata on, the default) each record carries what the
 * route's records carry: a {@code _metadata} object with the four fields and the five metadata headers (one header
 * list made once, as a team would); with {@code plain}, bare row objects. No dead-letter topic, no per-record
 * bookkeeping beyond two counters: less work per record than the route does.
 *
 * <p>Arguments: jdbcUrl user password sqlFile bindValue fetchSize keyColumn topic producerPropertiesFile bootstrap
 * metadata|plain
 */
public final class HandWrittenPipeline {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2].isEmpty() ? null : args[2];
        String sql = Files.readString(Path.of(args[3]));
        String bind = args[4];
        int fetchSize = Integer.parseInt(args[5]);
        String keyColumn = args[6];
        String topic = args[7];
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[8]))) {
            props.load(r);
        }
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[9]);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-hand-written");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        boolean metadata = args.length > 10 && args[10].equals("metadata");
        String exportTimestamp = java.time.LocalDateTime.now().toString();
        String exportId = java.util.UUID.randomUUID().toString();
        java.util.List<Header> headers = metadata ? java.util.List.of(
                header("job_id", "bench-tracking"), header("source_query", "bench-tracking.sql"), header("source_connection", "tracking"),
                header("export_timestamp", exportTimestamp), header("export_id", exportId)) : null;
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long rows = 0;
        long started = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props);
             Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(fetchSize);
                ps.setString(1, bind);
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    int n = md.getColumnCount();
                    String[] names = new String[n];
                    int keyIndex = -1;
                    for (int i = 0; i < n; i++) {
                        names[i] = md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
                        if (names[i].equalsIgnoreCase(keyColumn)) {
                            keyIndex = i + 1;
                        }
                    }
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
                    while (rs.next()) {
                        buffer.reset();
                        try (JsonGenerator g = mapper.getFactory().createGenerator(buffer)) {
                            g.setCodec(mapper);
                            g.writeStartObject();
                            for (int i = 0; i < n; i++) {
                                g.writeFieldName(names[i]);
                                Object v = rs.getObject(i + 1);
                                if (v instanceof java.sql.Timestamp t) {
                                    v = t.toLocalDateTime();
                                } else if (v instanceof java.sql.Date d) {
                                    v = d.toLocalDate();
                                }
                                mapper.writeValue(g, v);
                            }
                            if (metadata) {
                                g.writeObjectFieldStart("_metadata");
                                g.writeStringField("source_query", "bench-tracking.sql");
                                g.writeStringField("source_connection", "tracking");
                                g.writeStringField("export_timestamp", exportTimestamp);
                                g.writeStringField("export_id", exportId);
                                g.writeEndObject();
                            }
                            g.writeEndObject();
                        }
                        producer.send(new ProducerRecord<>(topic, null, rs.getString(keyIndex), buffer.toByteArray(), headers), (meta, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        });
                        rows++;
                    }
                }
            }
            producer.flush();
            c.rollback();
        }
        long finished = System.currentTimeMillis();
        System.out.printf(Locale.ROOT, "HANDWRITTEN started=%d finished=%d rows=%d acked=%d failed=%d seconds=%.3f%n",
                started, finished, rows, acked.get(), failed.get(), (finished - started) / 1000.0);
        System.exit(failed.get() == 0 && acked.get() == rows ? 0 : 1);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
