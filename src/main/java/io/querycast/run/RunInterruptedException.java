package io.querycast.run;

/** The application is stopping: the run ends between two batches and is recorded as interrupted. */
public class RunInterruptedException extends RuntimeException {

    public RunInterruptedException(String message) {
        super(message);
    }
}
