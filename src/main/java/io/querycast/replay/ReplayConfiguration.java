package io.querycast.replay;

import io.querycast.config.Connections;
import io.querycast.run.ExportRuns;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Dead-letter replay ({@code POST /api/replays}, {@code querycast replay}). */
@Configuration(proxyBeanMethods = false)
public class ReplayConfiguration {

    /** @param readTimeout {@code querycast.replay.read-timeout}: how long a read of a dead-letter topic may wait for a letter */
    @Bean
    DeadLetterReplay deadLetterReplay(CamelContext camel, Connections connections, ExportRuns runs,
                                      @Value("${querycast.replay.read-timeout:30s}") Duration readTimeout) {
        return new DeadLetterReplay(camel, connections, runs, readTimeout);
    }
}
