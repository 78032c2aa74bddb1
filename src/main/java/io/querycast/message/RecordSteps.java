package io.querycast.message;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.List;

/**
 * A job's record steps ({@code steps:} in its file): each record exchange goes through the job's step routes in
 * order, each a Camel route template of routes/steps/ instantiated for the job with its {@code input} endpoint
 * (docs/configuration.md#record-steps). A step may change the record's body and headers, or drop it by ending
 * its routing ({@code stop}): a dropped record is not sent and counts as skipped. A step that fails sends the
 * record to the dead-letter topic with the step's error.
 */
public final class RecordSteps {

    /** What the steps made of one record. */
    public enum Result { KEPT, SKIPPED, FAILED }

    private RecordSteps() {
    }

    /** The endpoint the job's {@code index}-th step route consumes from. */
    public static String input(String jobId, int index) {
        return "direct:querycast-step-" + jobId + "-" + index;
    }

    /** The route id of the job's {@code index}-th step. */
    public static String routeId(String jobId, int index, String step) {
        return jobId + "-step-" + index + "-" + step;
    }

    public static Result apply(ProducerTemplate template, String jobId, List<String> steps, Exchange record) {
        for (int i = 0; i < steps.size(); i++) {
            template.send(input(jobId, i), record);
            if (record.getException() != null) {
                record.setException(new StepFailedException(steps.get(i), record.getException()));
                return Result.FAILED;
            }
            if (record.isRouteStop()) {
                return Result.SKIPPED;
            }
        }
        return Result.KEPT;
    }

    /** Why a record went to the dead-letter topic: the step named failed on it. */
    public static final class StepFailedException extends RuntimeException {
        StepFailedException(String step, Throwable cause) {
            super("step " + step + " failed: " + cause.getMessage(), cause);
        }
    }
}
