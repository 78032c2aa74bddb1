package io.querycast.cli;

import io.querycast.config.PlaceholderResolver;
import io.querycast.config.QuerycastProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The application's settings for a command-line tool, read as the server reads them (application.yaml,
 * profiles, {@code --name=value}, environment) by a Spring application with no web server, no Camel context
 * and no state store: only {@code querycast.*} bound, and the environment the {@code ${ENV}} placeholders
 * are resolved against.
 */
final class ToolEnvironment implements AutoCloseable {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QuerycastProperties.class)
    static class Settings {
    }

    /** Library chatter (a cluster that does not answer, pool start-up) would bury the tool's own report. */
    private static final List<String> QUIET = List.of("--logging.level.root=WARN", "--logging.level.org.apache.kafka=OFF",
            "--logging.level.com.zaxxer.hikari=OFF", "--logging.level.org.apache.camel=WARN");

    private final ConfigurableApplicationContext context;

    ToolEnvironment(String[] args) {
        List<String> all = new ArrayList<>();
        for (String quiet : QUIET) {
            String name = quiet.substring(0, quiet.indexOf('=') + 1);
            if (Arrays.stream(args).noneMatch(a -> a.startsWith(name))) {
                all.add(quiet);
            }
        }
        all.add("--querycast.startup-check=false");
        all.addAll(Arrays.asList(args));
        context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .run(all.toArray(String[]::new));
    }

    QuerycastProperties properties() {
        return context.getBean(QuerycastProperties.class);
    }

    PlaceholderResolver placeholders() {
        return new PlaceholderResolver(context.getEnvironment()::getProperty);
    }

    @Override
    public void close() {
        context.close();
    }
}
