package io.querycast.job;

import io.querycast.config.PlaceholderResolver;
import io.querycast.config.QuerycastProperties;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Reads the configuration files once the application's context is prepared (its properties complete,
 * context initializers applied) and before it is refreshed, so before the web server, Camel or the state
 * store start: a broken file then stops the start with one block naming every mistake
 * ({@code ConfigFailureAnalyzer}), with nothing started to stop again and no nested bean-creation errors in
 * the log. Registered in META-INF/spring.factories; only for the Querycast application itself (its main class
 * in package {@code io.querycast}), not for the command-line tools, and off with {@code querycast.startup-check=false}.
 * The beans read the files again: this is an early look, not a second source of truth.
 */
public final class StartupCheck implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        boolean querycast = event.getSpringApplication().getAllSources().stream()
                .anyMatch(s -> s instanceof Class<?> c && c.getPackageName().equals("io.querycast"));
        ConfigurableEnvironment env = event.getApplicationContext().getEnvironment();
        if (!querycast || !env.getProperty("querycast.startup-check", Boolean.class, true)) {
            return;
        }
        QuerycastProperties props;
        try {
            props = Binder.get(env).bind("querycast", QuerycastProperties.class)
                    .orElseGet(() -> new QuerycastProperties(null, null, null, null, null, null, null));
        } catch (RuntimeException e) {
            // an invalid querycast.* property: the application context reports it with its own analysis
            return;
        }
        ConfigurationFiles.read(props, new PlaceholderResolver(env::getProperty)).orThrow();
    }
}
