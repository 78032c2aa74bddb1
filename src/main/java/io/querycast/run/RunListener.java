package io.querycast.run;

/**
 * Told of every run's end, after the history recorded it: notifications and alerts that react to runs. A
 * listener must return quickly (it is called on the run's thread) and never decides the run's fate: what it
 * throws is logged and ignored.
 */
public interface RunListener {

    void runFinished(RunRecord run);
}
