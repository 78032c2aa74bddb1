package io.querycast.run;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;

/**
 * Puts the run's id and job id in the logging MDC ({@code run_id}, {@code job_id}) around every step of an export
 * route, on whichever thread runs it (the Quartz thread, a batch thread of the split): every line logged by a run's
 * steps carries them, as fields of the JSON lines with {@code logging.structured.format.*} (docs/deployment.md#logs).
 * Lines of the Kafka client's own I/O thread are not a step of a run and carry none.
 */
public final class RunLogContext implements InterceptStrategy {

    public static final String RUN_ID = "run_id";
    public static final String JOB_ID = "job_id";

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                ExportRun run = exchange.getProperty(ExportRuns.PROPERTY_RUN, ExportRun.class);
                String runBefore = MDC.get(RUN_ID);
                String jobBefore = MDC.get(JOB_ID);
                if (run != null) {
                    put(run.runId(), run.jobId());
                }
                // restored on the way out even around the step that creates the run: the thread goes back to Quartz
                // (or the pool) without a run's ids
                try {
                    return processor.process(exchange, callback);
                } finally {
                    restore(runBefore, jobBefore);
                }
            }
        };
    }

    /** For the run's first step, which creates the run: from then on the steps around it carry it. */
    static void put(String runId, String jobId) {
        MDC.put(RUN_ID, runId);
        MDC.put(JOB_ID, jobId);
    }

    private static void restore(String runBefore, String jobBefore) {
        if (runBefore == null) {
            MDC.remove(RUN_ID);
        } else {
            MDC.put(RUN_ID, runBefore);
        }
        if (jobBefore == null) {
            MDC.remove(JOB_ID);
        } else {
            MDC.put(JOB_ID, jobBefore);
        }
    }
}
