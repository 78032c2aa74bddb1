package io.querycast.support;

import io.querycast.QuerycastApplication;
import io.querycast.run.JobLauncher;
import io.querycast.run.Trigger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

import java.util.Map;

/**
 * Starts the real application in its own JVM and, once it is ready, runs the job named by
 * {@code querycast.test.run-at-start} once; the application then goes on as a service (its schedules run), until
 * the test stops or kills it.
 */
public final class RunAtStart {

    private RunAtStart() {
    }

    public static void main(String[] args) {
        SpringApplication.from(QuerycastApplication::main).with(Runner.class).run(args);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Runner {

        @EventListener
        public void onReady(ApplicationReadyEvent event) {
            String jobId = event.getApplicationContext().getEnvironment().getRequiredProperty("querycast.test.run-at-start");
            String runId = event.getApplicationContext().getBean(JobLauncher.class).runNow(jobId, Trigger.MANUAL, Map.of());
            System.out.println("RUN-AT-START job=" + jobId + " run=" + runId);
        }
    }
}
