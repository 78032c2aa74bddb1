package io.querycast.api;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * camel-platform-http's engine for the REST routes, with each request's exchange run and its response written on
 * the container's own request thread.
 *
 * <p>The starter's engine (4.17, {@code SpringBootPlatformHttpAutoConfiguration}) hands every request to Spring's
 * task executor with {@code CompletableFuture.runAsync} from inside the handler method, before Spring MVC has
 * started async processing: the exchange then writes status, headers and body on the executor's thread while the
 * container's thread is still on its way back out of the filter chain, where Spring Security's
 * {@code HeaderWriterFilter} writes its headers in a {@code finally}. Two threads then change one Tomcat
 * {@code Response} (its {@code MimeHeaders} are not thread-safe), and past Spring MVC's async timeout the exchange
 * writes into a response Tomcat completed and recycled already. Under load that showed as
 * {@code NullPointerException ... MimeHeaders.recycle} and a broken answer on a keep-alive connection
 * (docs/performance.md, "HTTP event publishing"; EventResponseOwnershipTest).
 *
 * <p>With a direct executor {@code runAsync} runs the exchange inline: the response is written, once, by the
 * thread that owns it, and Spring MVC gets a future that is already complete. A caller waiting for its event's
 * acknowledgement holds a Tomcat thread ({@code server.tomcat.threads.max}, 200 by default) instead of a task
 * executor thread. The auto-configured engine backs off ({@code @ConditionalOnMissingBean}).
 */
@Configuration(proxyBeanMethods = false)
public class PlatformHttpConfiguration {

    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run);
    }
}
