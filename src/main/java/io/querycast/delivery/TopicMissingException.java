package io.querycast.delivery;

/** The job's topic or dead-letter topic cannot be written: names the topic and the cluster. */
public class TopicMissingException extends RuntimeException {

    public TopicMissingException(String message) {
        super(message);
    }
}
